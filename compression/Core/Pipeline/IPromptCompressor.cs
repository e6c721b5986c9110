namespace Compressor.Compression.Pipeline;

/// <summary>
/// One compression method ("truncate", "extract", "summarize", "attention", "latent").
/// Cross-cutting concerns (cache, records, metrics) wrap implementations as decorators.
/// </summary>
public interface IPromptCompressor
{
    /// <summary>The method name requests use to pick this compressor.</summary>
    string Method { get; }

    /// <summary>True when the method cannot run without a loaded model.</summary>
    bool RequiresModel { get; }

    Task<CompressionResult> CompressAsync(CompressionRequest request, CompressionEnvironment environment, CancellationToken cancellationToken);
}
