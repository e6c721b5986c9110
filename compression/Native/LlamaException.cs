namespace Compressor.Native;

/// <summary>A failed llama.cpp call, with the native status kept (never dropped) and the last native error log line.</summary>
public sealed class LlamaException : Exception
{
    public LlamaException(LlamaErrorCode code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public LlamaException(LlamaErrorCode code, string message, int nativeStatus)
        : base($"{message} (native status {nativeStatus})")
    {
        Code = code;
        NativeStatus = nativeStatus;
    }

    public LlamaErrorCode Code { get; }

    /// <summary>The integer llama.cpp returned, when there was one.</summary>
    public int? NativeStatus { get; }
}
