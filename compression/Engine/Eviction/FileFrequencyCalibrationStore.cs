using System.Text.Json;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Stores a calibration as "&lt;model&gt;.fasa.json" beside the model, or in <paramref name="fallbackDirectory"/>
/// when the models folder is read-only. A file for another model version (fingerprint) is ignored.
/// </summary>
public sealed class FileFrequencyCalibrationStore(string? fallbackDirectory = null) : IFrequencyCalibrationStore
{
    public FrequencyCalibration? Load(string modelPath, string fingerprint)
    {
        foreach (var path in Candidates(modelPath))
        {
            try
            {
                if (File.Exists(path) && JsonSerializer.Deserialize<FrequencyCalibration>(File.ReadAllText(path)) is { } found &&
                    found.FormatVersion == FrequencyCalibration.Version && found.ModelFingerprint == fingerprint)
                {
                    return found;
                }
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                // A damaged or unreadable file is recalibrated and overwritten.
            }
        }

        return null;
    }

    public void Save(string modelPath, FrequencyCalibration calibration)
    {
        var json = JsonSerializer.Serialize(calibration);
        foreach (var path in Candidates(modelPath))
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
                File.WriteAllText(temp, json);
                File.Move(temp, path, overwrite: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Try the next location; failing all of them only costs a recalibration next start.
            }
        }
    }

    private IEnumerable<string> Candidates(string modelPath)
    {
        yield return modelPath + ".fasa.json";
        if (fallbackDirectory is not null)
        {
            yield return Path.Combine(fallbackDirectory, Path.GetFileName(modelPath) + ".fasa.json");
        }
    }
}
