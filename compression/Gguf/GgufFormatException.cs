namespace Compressor.Gguf;

/// <summary>A file is not a GGUF file we can read; the message names the file and what is wrong.</summary>
public sealed class GgufFormatException : Exception
{
    public GgufFormatException()
    {
    }

    public GgufFormatException(string message)
        : base(message)
    {
    }

    public GgufFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GgufFormatException(string fileName, string problem)
        : base($"{fileName}: {problem}")
    {
        FileName = fileName;
    }

    /// <summary>The file (or stream name) that failed to parse, when known.</summary>
    public string? FileName { get; }
}
