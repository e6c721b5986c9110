using Compressor.Native;

namespace Compressor.Engine.Eviction;

/// <summary>
/// A model's dominant RoPE frequency chunks (FASA, arXiv 2602.03152): for each layer and query head,
/// the 2-D chunks whose q.k contribution dominates on calibration text. Chunk c pairs dimensions
/// (2c, 2c+1) in NORM RoPE or (c, c + rot/2) in NEOX RoPE and turns at base^(-2c/rot) per position.
/// Calibrated once per model file and stored as JSON.
/// </summary>
public sealed record FrequencyCalibration
{
    public const int Version = 1;

    public int FormatVersion { get; init; } = Version;

    public required string ModelFingerprint { get; init; }

    public required int HeadDimension { get; init; }

    public required int HeadCount { get; init; }

    public required int HeadCountKv { get; init; }

    public required int RotaryDimensions { get; init; }

    public required float FrequencyBase { get; init; }

    public required bool Neox { get; init; }

    /// <summary>Calibrated layers (ascending).</summary>
    public required int[] Layers { get; init; }

    /// <summary>[layer slot][query head] = dominant chunk indices.</summary>
    public required int[][][] Dominant { get; init; }

    public int Chunks => RotaryDimensions / 2;

    public (int X, int Y) ChunkDims(int chunk) => Neox ? (chunk, chunk + RotaryDimensions / 2) : (2 * chunk, 2 * chunk + 1);

    public double Theta(int chunk) => Math.Pow(FrequencyBase, -2.0 * chunk / RotaryDimensions);

    /// <summary>RoPE layout of a loaded model, read from its GGUF metadata.</summary>
    public static (int HeadDim, int Rot, float Base, bool Neox) Layout(LlamaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var arch = model.GetMetadata("general.architecture") ?? "llama";
        var headDim = model.EmbeddingSize / model.HeadCount;
        var rot = int.TryParse(model.GetMetadata($"{arch}.rope.dimension_count"), out var r) ? r : headDim;
        var freqBase = float.TryParse(model.GetMetadata($"{arch}.rope.freq_base"), System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : 10000f;
        return (headDim, rot, freqBase, NeoxArchitectures.Contains(arch));
    }

    // llama.cpp's llama_model_rope_type: these use NEOX-style (half-split) rotation.
    private static readonly HashSet<string> NeoxArchitectures = new(StringComparer.Ordinal)
    {
        "qwen", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "phi2", "phi3", "gemma", "gemma2", "gemma3", "stablelm",
        "gptneox", "falcon", "starcoder2", "olmo2", "olmoe", "codeshell", "orion", "bitnet", "exaone", "minicpm3", "nemotron",
    };
}
