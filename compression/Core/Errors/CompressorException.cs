namespace Compressor.Compression.Errors;

/// <summary>
/// The one exception family of Compressor. <see cref="Code"/> is a stable machine-readable
/// identifier (e.g. "model_not_found"), <see cref="Kind"/> decides the HTTP status, and
/// <see cref="Target"/> names where in the request the problem is (a JSON path or field name).
/// </summary>
public class CompressorException : Exception
{
    public CompressorException(ErrorKind kind, string code, string message, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Code = code;
        Target = target;
    }

    public ErrorKind Kind { get; }

    public string Code { get; }

    public string? Target { get; }

    /// <summary>True when the same request may succeed later (overload, a dependency coming back).</summary>
    public bool IsTransient => Kind == ErrorKind.Unavailable;

    /// <summary>Seconds a client should wait before retrying a transient failure.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static CompressorException BadRequest(string code, string message, string? target = null) =>
        new(ErrorKind.BadRequest, code, message, target);

    public static CompressorException NotFound(string code, string message, string? target = null) =>
        new(ErrorKind.NotFound, code, message, target);

    public static CompressorException Unprocessable(string code, string message, string? target = null) =>
        new(ErrorKind.Unprocessable, code, message, target);

    public static CompressorException Unavailable(string code, string message, int retryAfterSeconds = 1) =>
        new(ErrorKind.Unavailable, code, message) { RetryAfterSeconds = retryAfterSeconds };
}
