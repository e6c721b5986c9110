namespace Compressor.Native;

/// <summary>How to load a model. Defaults suit CPU inference.</summary>
public sealed record LlamaModelOptions
{
    /// <summary>Layers to offload to a GPU; -1 = all, 0 = none.</summary>
    public int GpuLayers { get; init; } = -1;

    public LlamaLoadMode LoadMode { get; init; } = LlamaLoadMode.None;

    /// <summary>Load only the tokenizer (no weights, no backend needed): for counting tokens.</summary>
    public bool VocabOnly { get; init; }

    public bool CheckTensors { get; init; }
}
