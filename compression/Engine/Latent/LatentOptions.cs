namespace Compressor.Engine.Latent;

/// <summary>Settings of the latent codec (section "Compressor:Latent").</summary>
public sealed class LatentOptions
{
    public const string Section = "Compressor:Latent";

    /// <summary>Folder of *.latent.gguf adapters; null means the models directory.</summary>
    public string? AdaptersDirectory { get; set; }

    /// <summary>Adapter id (file name without .latent.gguf) used when a request names none; null = the only one present.</summary>
    public string? DefaultAdapter { get; set; }

    /// <summary>Upper bound on generated tokens per decoded prompt.</summary>
    public int MaxGeneratedTokens { get; set; } = 4096;

    public IEnumerable<string> Validate()
    {
        if (AdaptersDirectory is not null && File.Exists(AdaptersDirectory))
        {
            yield return $"Compressor:Latent:AdaptersDirectory '{AdaptersDirectory}' is a file, not a folder";
        }

        if (MaxGeneratedTokens is < 1 or > 1_000_000)
        {
            yield return $"Compressor:Latent:MaxGeneratedTokens must be 1 to 1000000, not {MaxGeneratedTokens}";
        }
    }
}
