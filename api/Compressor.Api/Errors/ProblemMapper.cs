using System.Text.Json;
using Compressor.Compression.Errors;
using Compressor.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Compressor.Api.Errors;

/// <summary>
/// The one place exceptions become RFC 9457 problem details: our error family by its kind, bad
/// JSON and oversized bodies by ASP.NET's own exceptions, anything else as a 500 that says nothing
/// internal. Every problem carries "code" and, where known, "target" (where in the request).
/// </summary>
public sealed partial class ProblemMapper(IProblemDetailsService problems, ILogger<ProblemMapper> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
            return true;
        }

        var problem = Map(exception);
        if (problem.Status >= 500 && exception is not CompressorException and not StorageUnavailableException)
        {
            LogUnexpected(logger, exception, httpContext.Request.Path);
        }

        if (exception is CompressorException { RetryAfterSeconds: int retry })
        {
            httpContext.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Map(Exception exception) => exception switch
    {
        CompressorException e => Problem(StatusFor(e.Kind), TitleFor(e.Kind), e.Message, e.Code, e.Target),
        StorageUnavailableException e => Problem(503, "Service unavailable", e.Message, "database_unavailable", null),
        BadHttpRequestException { StatusCode: 413 } => Problem(413, "Payload too large", "the request body exceeds the configured limit (Compressor:Api:MaxRequestBytes)", "body_too_large", null),
        BadHttpRequestException { InnerException: JsonException j } => Problem(400, "Bad request", JsonMessage(j), "invalid_json", JsonTarget(j)),
        BadHttpRequestException e => Problem(e.StatusCode, "Bad request", e.Message, "bad_request", null),
        JsonException j => Problem(400, "Bad request", JsonMessage(j), "invalid_json", JsonTarget(j)),
        OperationCanceledException => Problem(503, "Service unavailable", "the request was cancelled before it finished", "cancelled", null),
        _ => Problem(500, "Internal error", "an unexpected error occurred; it has been logged", "internal_error", null),
    };

    public static ProblemDetails Problem(int status, string title, string detail, string code, string? target)
    {
        var p = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://compressor.dev/problems/{code}" };
        p.Extensions["code"] = code;
        if (target is not null)
        {
            p.Extensions["target"] = target;
        }

        return p;
    }

    /// <summary>Problems written by ASP.NET itself (404, 405, 413 from Kestrel, ...) get a code too.</summary>
    public static void AddMissingCode(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = context.ProblemDetails;
        if (p.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = p.Status switch
        {
            404 => "not_found",
            405 => "method_not_allowed",
            413 => "body_too_large",
            415 => "unsupported_media_type",
            400 => "bad_request",
            _ => "http_" + p.Status,
        };
        p.Extensions["code"] = code;
        if (p.Status == 413)
        {
            p.Detail ??= "the request body exceeds the configured limit (Compressor:Api:MaxRequestBytes)";
        }
    }

    private static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.Unprocessable => 422,
        ErrorKind.TooLarge => 413,
        _ => 503,
    };

    private static string TitleFor(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => "Bad request",
        ErrorKind.NotFound => "Not found",
        ErrorKind.Unprocessable => "Unprocessable request",
        ErrorKind.TooLarge => "Payload too large",
        _ => "Service unavailable",
    };

    private static string JsonMessage(JsonException j) =>
        j.InnerException is InvalidOperationException or System.Text.DecoderFallbackException || j.Message.Contains("UTF-8", StringComparison.Ordinal)
            ? $"the request body is not valid UTF-8 (at {j.Path ?? "$"}, byte {j.BytePositionInLine})"
            : j.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"unknown field at {j.Path}: {j.Message.Split(". Path")[0]}"
            : $"the request body is not valid JSON for this endpoint (at {j.Path ?? "$"}, line {j.LineNumber}, byte {j.BytePositionInLine}): {j.Message.Split(" Path:")[0]}";

    private static string? JsonTarget(JsonException j) => j.Path;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Unexpected failure on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}
