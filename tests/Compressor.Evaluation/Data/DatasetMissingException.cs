namespace Compressor.Evaluation.Data;

/// <summary>A dataset folder or file is absent: the message says which and where the data comes from.</summary>
internal sealed class DatasetMissingException : Exception
{
    public DatasetMissingException()
    {
    }

    public DatasetMissingException(string message)
        : base(message)
    {
    }

    public DatasetMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
