using System.IO.Compression;
using System.Text.Json;

namespace Compressor.Evaluation.Data;

/// <summary>Reads JSON Lines, gzipped when the name ends in .gz, stopping after <c>limit</c> records.</summary>
internal static class JsonLines
{
    public static IEnumerable<JsonElement> Read(string path, int limit)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var count = 0;
        while (count < limit && reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            count++;
            yield return doc.RootElement.Clone();
        }
    }
}
