using System.Globalization;
using Compressor.Api.Contracts.OpenAi;
using Compressor.Compression.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Compressor.Api.Errors;

/// <summary>
/// Failures on the OpenAI-compatible route in OpenAI's shape, <c>{"error": {message, type, param, code}}</c>.
/// The classification (status, code, target) is <see cref="ProblemMapper"/>'s, so both shapes agree.
/// </summary>
public static class OpenAiErrors
{
    /// <summary>The error response for an exception; sets Retry-After for transient failures.</summary>
    public static JsonHttpResult<OpenAiErrorResponse> From(Exception exception, HttpContext http, string? paramPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(http);
        var (status, body) = Describe(exception, paramPrefix);
        if (exception is CompressorException { RetryAfterSeconds: int retry })
        {
            http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Json(body, OpenAiJson.Options, statusCode: status);
    }

    public static (int Status, OpenAiErrorResponse Body) Describe(Exception exception, string? paramPrefix = null)
    {
        var problem = ProblemMapper.Map(exception);
        var status = problem.Status ?? 500;
        var code = problem.Extensions.TryGetValue("code", out var c) ? c?.ToString() ?? "internal_error" : "internal_error";
        var target = problem.Extensions.TryGetValue("target", out var t) ? t?.ToString() : null;
        if (target is not null && target.StartsWith("$.", StringComparison.Ordinal))
        {
            // A JSON path from the serializer: OpenAI names parameters without the root.
            target = target[2..];
        }

        if (target is not null && paramPrefix is not null)
        {
            target = paramPrefix + "." + target;
        }

        return (status, Create(status, problem.Detail ?? problem.Title ?? "error", code, target));
    }

    public static OpenAiErrorResponse Create(int status, string message, string code, string? param) =>
        new(new OpenAiError(message, TypeFor(status), param, code));

    /// <summary>OpenAI's error types by status (OpenAI answers an unknown model 404 invalid_request_error too).</summary>
    public static string TypeFor(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
