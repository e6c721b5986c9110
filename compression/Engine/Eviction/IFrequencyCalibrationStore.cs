namespace Compressor.Engine.Eviction;

/// <summary>Where per-model frequency calibrations persist (a JSON file beside the model by default).</summary>
public interface IFrequencyCalibrationStore
{
    FrequencyCalibration? Load(string modelPath, string fingerprint);

    void Save(string modelPath, FrequencyCalibration calibration);
}
