namespace Compressor.Api.Configuration;

/// <summary>HTTP-facing settings (section "Compressor:Api").</summary>
public sealed class ApiOptions
{
    public const string Section = "Compressor:Api";

    /// <summary>Bearer keys accepted on /v1/*; empty = no authentication.</summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>Largest request body in bytes (413 beyond).</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest text to compress, in characters (413 beyond).</summary>
    public int MaxTextChars { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest max_tokens a generation may ask for.</summary>
    public int MaxGenerationTokens { get; set; } = 8192;

    /// <summary>How long stored input and output texts are kept; null = forever.</summary>
    public TimeSpan? TextRetention { get; set; }

    public IEnumerable<string> Validate()
    {
        if (MaxRequestBytes < 1024)
        {
            yield return $"Compressor:Api:MaxRequestBytes must be at least 1024, not {MaxRequestBytes}";
        }

        if (MaxTextChars < 1)
        {
            yield return $"Compressor:Api:MaxTextChars must be positive, not {MaxTextChars}";
        }

        if (MaxGenerationTokens < 1)
        {
            yield return $"Compressor:Api:MaxGenerationTokens must be positive, not {MaxGenerationTokens}";
        }

        if (TextRetention is { } r && r <= TimeSpan.Zero)
        {
            yield return "Compressor:Api:TextRetention must be positive when set";
        }

        if (ApiKeys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length < 8))
        {
            yield return "Compressor:Api:ApiKeys entries must be at least 8 characters";
        }
    }
}
