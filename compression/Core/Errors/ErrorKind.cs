namespace Compressor.Compression.Errors;

/// <summary>How a failure maps onto HTTP: the API turns each kind into one status code.</summary>
public enum ErrorKind
{
    /// <summary>The request is malformed or names something invalid (400).</summary>
    BadRequest,
    /// <summary>Something the request names does not exist (404).</summary>
    NotFound,
    /// <summary>The request is well-formed but cannot be satisfied as asked (422).</summary>
    Unprocessable,
    /// <summary>The input is larger than a configured limit (413).</summary>
    TooLarge,
    /// <summary>The service is busy or a dependency is missing for now; retry later (503).</summary>
    Unavailable,
}
