using System.Security.Cryptography;
using System.Text;
using Compressor.Api.Configuration;
using Compressor.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Compressor.Api.Security;

/// <summary>
/// Optional bearer keys on /v1/*: when keys are configured, a request without a matching
/// "Authorization: Bearer &lt;key&gt;" gets 401. Health, the UI and the OpenAPI document stay open.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiOptions> options)
{
    private readonly byte[][] keys = [.. options.Value.ApiKeys.Select(Encoding.UTF8.GetBytes)];

    public async Task InvokeAsync(HttpContext context)
    {
        if (keys.Length == 0 || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal) || IsAuthorized(context))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        var problem = ProblemMapper.Problem(401, "Unauthorized", "a valid API key is required: send 'Authorization: Bearer <key>'", "unauthorized", "Authorization");
        await TypedResults.Problem(problem).ExecuteAsync(context);
    }

    private bool IsAuthorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        return keys.Any(k => CryptographicOperations.FixedTimeEquals(k, presented));
    }
}
