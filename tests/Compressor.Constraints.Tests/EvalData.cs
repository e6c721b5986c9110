namespace Compressor.Constraints.Tests;

/// <summary>Finds ../shared/eval (or COMPRESSOR_EVAL_DIR); tests over it run only where it exists, and each has inline cases too.</summary>
internal static class EvalData
{
    public static string? Root { get; } = Find();

    public static string? Folder(string relative) =>
        Root is null ? null : Directory.Exists(Path.Combine(Root, relative)) ? Path.Combine(Root, relative) : null;

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("COMPRESSOR_EVAL_DIR");
        if (fromEnv is not null && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "eval");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
