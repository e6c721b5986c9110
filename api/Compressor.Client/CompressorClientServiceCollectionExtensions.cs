using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Compressor.Client;

/// <summary>Registers <see cref="CompressorClient"/> in a service collection.</summary>
public static class CompressorClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="CompressorClient"/> for the service at <paramref name="baseAddress"/>,
    /// sending <c>Authorization: Bearer apiKey</c> when a key is given. Its HttpClient uses a pooled
    /// handler that renews connections (DNS changes are seen) and has no overall timeout, since
    /// generation streams are long; cancel with the token instead.
    /// </summary>
    public static IServiceCollection AddCompressorClient(this IServiceCollection services, Uri baseAddress, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(baseAddress);
        services.TryAddSingleton(_ => new CompressorClient(CreateHttpClient(baseAddress, apiKey)));
        return services;
    }

    /// <inheritdoc cref="AddCompressorClient(IServiceCollection, Uri, string?)"/>
    public static IServiceCollection AddCompressorClient(this IServiceCollection services, string baseAddress, string? apiKey = null) =>
        services.AddCompressorClient(new Uri(baseAddress, UriKind.Absolute), apiKey);

    /// <summary>The HttpClient <see cref="AddCompressorClient(IServiceCollection, Uri, string?)"/> uses, for callers without DI.</summary>
    public static HttpClient CreateHttpClient(Uri baseAddress, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
#pragma warning disable CA2000 // The HttpClient owns the handler (disposeHandler: true).
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#pragma warning restore CA2000
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }
}
