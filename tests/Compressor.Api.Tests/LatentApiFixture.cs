using Compressor.Engine.Latent;
using Compressor.Gguf;
using Compressor.Gguf.Generation;
using Compressor.Testing.Models;
using Compressor.Testing.Postgres;

namespace Compressor.Api.Tests;

/// <summary>
/// The service on a fresh database with a models folder holding the tiny encoder (n_embd 64, the
/// default model "tiny"), a generated decoder "dec" (n_embd 96, same tokenizer) and a random adapter
/// "toy" between them: 4 latents per block of 16 tokens (as the engine's LatentFixture).
/// </summary>
public sealed class LatentApiFixture : IAsyncLifetime
{
    public const int Queries = 4;
    public const int Block = 16;
    public const int EncoderHidden = 64;
    public const int DecoderHidden = 96;

    private ServiceFactory? factory;

    public ServiceFactory Factory => factory ?? throw new InvalidOperationException("not started");

    public HttpClient Client { get; private set; } = null!;

    public string Text { get; } =
        "Latent codecs squeeze a block of text into a handful of vectors. The decoder reads them back as input embeddings, " +
        "then repeats the text. Tests check shapes, spans and that every mismatch is named.";

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgresCluster.Shared.CreateDatabaseAsync();
        factory = new ServiceFactory(connectionString, modelsDirectory: CreateModelsDirectory());
        factory.Start();
        Client = factory.CreateClient();
        await Http.WaitUntilReadyAsync(Client);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    /// <summary>A models folder with tiny (encoder), dec (decoder) and toy.latent.gguf.</summary>
    public static string CreateModelsDirectory()
    {
        var dir = ServiceFactory.CreateModelsDirectory();
        var decoderShape = ModelShape.TinyLlama with
        {
            EmbeddingLength = DecoderHidden,
            HeadCount = 4,
            HeadCountKv = 2,
            FeedForwardLength = 192,
            Seed = 7,
            Name = "tiny-random-llama-96",
        };
        var decoder = Path.Combine(dir, "dec.gguf");
        File.Copy(TestModels.Generate(decoderShape, TokenizerSource.BuiltInBpe), decoder);
        LatentAdapterFile.Write(CreateAdapter(Path.Combine(dir, "tiny.gguf"), decoder), Path.Combine(dir, "toy" + LatentAdapterFile.Extension));
        return dir;
    }

    private static LatentAdapter CreateAdapter(string encoder, string decoder)
    {
        var random = new Random(1);
        float[] Values(int n, float scale) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];
        return new LatentAdapter
        {
            Name = "toy",
            BlockSize = Block,
            QueryCount = Queries,
            EncoderHiddenSize = EncoderHidden,
            Queries = Values(Queries * EncoderHidden, 1f),
            Projector = new LatentProjector([new(EncoderHidden, DecoderHidden, Values(DecoderHidden * EncoderHidden, 0.2f), Values(DecoderHidden, 0.1f))], LatentActivation.None),
            EncoderLatentStart = 40,
            EncoderModel = new LatentModelReference("tiny", GgufFingerprint.Compute(encoder).ToString()),
            DecoderModel = new LatentModelReference("dec", GgufFingerprint.Compute(decoder).ToString()),
            Decoder = new LatentPromptTemplate
            {
                Template = "<|im_start|>user\n{latents}\n{instruction}<|im_end|>\n<|im_start|>assistant\n",
                LatentStart = 40,
                LatentEnd = 41,
            },
        };
    }
}
