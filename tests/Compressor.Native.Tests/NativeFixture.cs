using Compressor.Native.Loading;
using Compressor.Testing.Paths;
using Compressor.Testing.Models;

namespace Compressor.Native.Tests;

/// <summary>Loads llama.cpp once per test process and the generated tiny model once per collection.</summary>
public sealed class NativeFixture : IDisposable
{
    public NativeFixture()
    {
        EnsureBackend();
        Model = LlamaModel.Load(TestModels.TinyLlamaPath);
    }

    public LlamaModel Model { get; }

    public static LlamaBackendInfo EnsureBackend() =>
        LlamaBackend.Initialize(new LlamaBackendOptions(RepositoryPaths.NativeCpu));

    /// <summary>A small context with two threads (the machine's cores), flash attention as given.</summary>
    public LlamaContext CreateContext(int cells = 512, int sequences = 1, FlashAttention flash = FlashAttention.Auto,
        bool capture = false, bool embeddings = false) =>
        LlamaContext.Create(Model, new LlamaContextOptions
        {
            ContextSize = cells,
            SequenceCount = sequences,
            FlashAttention = flash,
            EnableTensorCapture = capture,
            Embeddings = embeddings,
            Threads = 1,
            BatchThreads = 1,
        });

    public void Dispose() => Model.Dispose();
}
