namespace Compressor.Testing.Paths;

/// <summary>Finds the repository root (the folder holding Compressor.sln) and well-known folders in it.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    /// <summary>llama.cpp CPU libraries fetched by deploy/fetch-native.sh (the build fetches them too).</summary>
    public static string NativeCpu => Path.Combine(Root, ".native", "cpu");

    /// <summary>Vocab-only GGUF files from llama.cpp's source (deploy/fetch-native.sh vocab).</summary>
    public static string NativeVocab => Path.Combine(Root, ".native", "vocab");

    /// <summary>The shared folder beside the repository (test models, evaluation data); may be absent.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Web => Path.Combine(Root, "web");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compressor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"cannot find Compressor.sln above {AppContext.BaseDirectory}");
    }
}
