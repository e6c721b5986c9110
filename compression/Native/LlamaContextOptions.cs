using Compressor.Native.Capture;

namespace Compressor.Native;

/// <summary>
/// How to create a context. Thread counts default to the machine's physical cores: llama.cpp's
/// default of 4 oversubscribes small machines and its spinning thread pool then collapses.
/// </summary>
public sealed record LlamaContextOptions
{
    /// <summary>KV cells (tokens) across all sequences; 0 = the model's training context.</summary>
    public int ContextSize { get; init; } = 4096;

    public int BatchSize { get; init; } = 512;

    public int MicroBatchSize { get; init; } = 512;

    /// <summary>Parallel sequences this context holds (each request or particle is one).</summary>
    public int SequenceCount { get; init; } = 1;

    public int Threads { get; init; } = CpuInfo.PhysicalCores;

    public int BatchThreads { get; init; } = CpuInfo.PhysicalCores;

    public FlashAttention FlashAttention { get; init; } = FlashAttention.Auto;

    /// <summary>Also produce hidden states (embeddings) for outputs; logits stay available.</summary>
    public bool Embeddings { get; init; }

    public PoolingType Pooling { get; init; } = PoolingType.Unspecified;

    /// <summary>One KV buffer shared by all sequences (state blobs only restore into the same layout).</summary>
    public bool UnifiedKv { get; init; } = true;

    /// <summary>Install the eval callback so a <see cref="ITensorObserver"/> can capture tensors (attention weights, Q, K).</summary>
    public bool EnableTensorCapture { get; init; }
}
