using System.Text;
using Compressor.Engine.Latent;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Compressor.Gguf;
using Compressor.Gguf.Generation;
using Compressor.Native;
using Compressor.Testing.Models;
using Compressor.Testing.Paths;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compressor.Engine.Tests.Latent;

/// <summary>
/// A generated encoder (llama, n_embd 64) / decoder (llama, n_embd 96) pair sharing the built-in
/// tokenizer, a random adapter between them (4 queries, blocks of 16 tokens), and a service over a
/// models folder holding all three.
/// </summary>
public sealed class LatentFixture : IDisposable
{
    public const int Queries = 4;
    public const int Block = 16;
    public const int EncoderHidden = 64;
    public const int DecoderHidden = 96;
    public const string Template = "<|im_start|>user\n{latents}\n{instruction}<|im_end|>\n<|im_start|>assistant\n";

    public static ModelShape DecoderShape { get; } = ModelShape.TinyLlama with
    {
        EmbeddingLength = DecoderHidden,
        HeadCount = 4,
        HeadCountKv = 2,
        FeedForwardLength = 192,
        Seed = 7,
        Name = "tiny-random-llama-96",
    };

    public LatentFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("compressor-latent-").FullName;
        EncoderPath = Path.Combine(Directory, "enc.gguf");
        DecoderPath = Path.Combine(Directory, "dec.gguf");
        File.Copy(TestModels.TinyLlamaPath, EncoderPath);
        File.Copy(TestModels.Generate(DecoderShape, TokenizerSource.BuiltInBpe), DecoderPath);
        Engine = new EngineOptions { ContextSize = 1024, ContextsPerModel = 2, SequencesPerContext = 4, Threads = 1, NativeDirectory = RepositoryPaths.NativeCpu };
        var runtime = new NativeRuntime(Engine, NullLoggerFactory.Instance);
        runtime.EnsureLoaded();
        Registry = new ModelRegistry(new ModelsOptions { Directory = Directory, Default = "enc" }, Engine, runtime, NullLogger<ModelRegistry>.Instance);
        Registry.List();
        using (var vocab = LlamaModel.Load(EncoderPath, new LlamaModelOptions { VocabOnly = true }))
        {
            StartText = Encoding.UTF8.GetString(vocab.Vocab.TokenToBytes(StartToken, renderSpecial: true));
            EndText = Encoding.UTF8.GetString(vocab.Vocab.TokenToBytes(EndToken, renderSpecial: true));
        }

        Adapter = CreateAdapter();
        LatentAdapterFile.Write(Adapter, AdapterPath("toy"));
        Adapters = new LatentAdapterRegistry(new LatentOptions(), new ModelsOptions { Directory = Directory });
        Service = new LatentService(Registry, Adapters, new LatentOptions());
    }

    public const int StartToken = 40;
    public const int EndToken = 41;

    public string Directory { get; }

    public string EncoderPath { get; }

    public string DecoderPath { get; }

    public string StartText { get; }

    public string EndText { get; }

    public EngineOptions Engine { get; }

    public ModelRegistry Registry { get; }

    public LatentAdapter Adapter { get; }

    public LatentAdapterRegistry Adapters { get; }

    public LatentService Service { get; }

    public string Text { get; } =
        "Latent codecs squeeze a block of text into a handful of vectors. The decoder reads them back as input embeddings, " +
        "then repeats the text. Tests check shapes, spans and that every mismatch is named.";

    public string AdapterPath(string id) => Path.Combine(Directory, id + LatentAdapterFile.Extension);

    /// <summary>A random adapter for the generated pair; <paramref name="hidden"/> layers make it an MLP.</summary>
    public LatentAdapter CreateAdapter(int? hidden = null, int seed = 1, bool pin = true)
    {
        var random = new Random(seed);
        float[] Values(int n, float scale) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];
        IReadOnlyList<LatentProjectorLayer> layers = hidden is int h
            ? [new(EncoderHidden, h, Values(h * EncoderHidden, 0.2f), Values(h, 0.1f)), new(h, DecoderHidden, Values(DecoderHidden * h, 0.2f), Values(DecoderHidden, 0.1f))]
            : [new(EncoderHidden, DecoderHidden, Values(DecoderHidden * EncoderHidden, 0.2f), Values(DecoderHidden, 0.1f))];
        return new LatentAdapter
        {
            Name = "toy",
            BlockSize = Block,
            QueryCount = Queries,
            EncoderHiddenSize = EncoderHidden,
            Queries = Values(Queries * EncoderHidden, 1f),
            Projector = new LatentProjector(layers, hidden is null ? LatentActivation.None : LatentActivation.Gelu),
            EncoderLatentStart = StartToken,
            EncoderLatentStartText = StartText,
            EncoderModel = new LatentModelReference("enc", pin ? GgufFingerprint.Compute(EncoderPath).ToString() : ""),
            DecoderModel = new LatentModelReference("dec", pin ? GgufFingerprint.Compute(DecoderPath).ToString() : ""),
            Decoder = new LatentPromptTemplate
            {
                Template = Template,
                LatentStart = StartToken,
                LatentEnd = EndToken,
                LatentStartText = StartText,
                LatentEndText = EndText,
            },
        };
    }

    public void Dispose()
    {
        Registry.Dispose();
        System.IO.Directory.Delete(Directory, true);
    }
}
