namespace Compressor.Engine.Options;

/// <summary>Where models live and which one is the default (section "Compressor:Models").</summary>
public sealed class ModelsOptions
{
    public const string Section = "Compressor:Models";

    /// <summary>Folder scanned for *.gguf files.</summary>
    public string Directory { get; set; } = ".models";

    /// <summary>Id (file name without .gguf) of the model used when a request names none.</summary>
    public string? Default { get; set; }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            yield return "Compressor:Models:Directory must be set";
        }
        else if (File.Exists(Directory))
        {
            yield return $"Compressor:Models:Directory '{Directory}' is a file, not a folder";
        }

        if (Default is not null && (Default.Contains('/', StringComparison.Ordinal) || Default.Contains("..", StringComparison.Ordinal)))
        {
            yield return $"Compressor:Models:Default must be a model id (a file name without .gguf), not '{Default}'";
        }
    }
}
