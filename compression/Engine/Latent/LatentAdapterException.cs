namespace Compressor.Engine.Latent;

/// <summary>A latent adapter file that cannot be used, with the file and the reason.</summary>
public sealed class LatentAdapterException : Exception
{
    public LatentAdapterException()
    {
    }

    public LatentAdapterException(string message)
        : base(message)
    {
    }

    public LatentAdapterException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public LatentAdapterException(string source, string reason, Exception? inner = null)
        : base($"latent adapter '{source}': {reason}", inner)
    {
        AdapterSource = source;
        Reason = reason;
    }

    public string Reason { get; } = "";

    /// <summary>The file (or name) of the adapter.</summary>
    public string AdapterSource { get; } = "";
}
