namespace Compressor.Api.Hosting;

/// <summary>Finds the web UI's folder: Compressor:Web:Root, else "web" beside the app or in a parent folder (the repository).</summary>
public static class WebRoot
{
    public static string? Find(IConfiguration configuration, string contentRoot)
    {
        if (configuration["Compressor:Web:Root"] is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, contentRoot })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "web");
                if (File.Exists(Path.Combine(candidate, "index.html")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
