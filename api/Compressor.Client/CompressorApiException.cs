using System.Net;

namespace Compressor.Client;

/// <summary>
/// A failure the service reported as RFC 9457 problem details: <see cref="Code"/> is the stable
/// machine-readable reason, <see cref="Target"/> the request field at fault. Transient failures
/// (503 overload, a database coming back) may be retried after <see cref="RetryAfter"/>.
/// </summary>
public sealed class CompressorApiException : Exception
{
    public CompressorApiException()
        : this("the Compressor service reported an error")
    {
    }

    public CompressorApiException(string message)
        : this(message, null)
    {
    }

    public CompressorApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public CompressorApiException(HttpStatusCode status, string? code, string? title, string? detail, string? target, TimeSpan? retryAfter)
        : base(Describe(status, code, detail ?? title))
    {
        Status = status;
        Code = code;
        Title = title;
        Detail = detail;
        Target = target;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }

    /// <summary>The service's error code (e.g. "model_not_found", "queue_full").</summary>
    public string? Code { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>Where in the request the problem is (e.g. "target.ratio", "messages[2]").</summary>
    public string? Target { get; }

    /// <summary>From the Retry-After header, when the service sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the same request may succeed later: overload (503), rate limiting (429), a gateway in between failing.</summary>
    public bool IsTransient => Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    private static string Describe(HttpStatusCode status, string? code, string? detail) =>
        $"Compressor answered {(int)status}{(code is null ? "" : $" {code}")}{(detail is null ? "" : $": {detail}")}";
}
