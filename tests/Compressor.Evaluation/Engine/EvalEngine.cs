using Compressor.Compression.Tokenization;
using Compressor.Engine.Chat;
using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Compressor.Engine.Tokenization;
using Compressor.Gguf.Generation;
using Compressor.Native;
using Compressor.Testing.Models;
using Compressor.Testing.Paths;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compressor.Evaluation.Engine;

/// <summary>
/// llama.cpp for the harness: the real Qwen2 tokenizer (vocab-only) that every count uses, and,
/// when asked, a registry over a temporary folder holding links to the summarizer and reader models.
/// </summary>
internal sealed class EvalEngine : IDisposable
{
    /// <summary>The --model value that stands for a generated random model of Qwen2.5-0.5B's exact shape.</summary>
    public const string RandomQwen05B = "random-qwen2.5-0.5b";

    private readonly LlamaModel vocabModel;
    private readonly string modelsDirectory;
    private readonly NativeRuntime runtime;

    public EvalEngine(int threads, int contextSize)
    {
        var engine = new EngineOptions
        {
            NativeDirectory = RepositoryPaths.NativeCpu,
            Threads = threads,
            ContextsPerModel = 1,
            ContextSize = contextSize,
            SequencesPerContext = 8,
            QueueTimeout = TimeSpan.FromMinutes(30),
            MaxLoadedModels = 2,
        };
        runtime = new NativeRuntime(engine, NullLoggerFactory.Instance);
        runtime.EnsureLoaded();
        var vocabPath = Path.Combine(RepositoryPaths.NativeVocab, "ggml-vocab-qwen2.gguf");
        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException($"the Qwen2 vocabulary '{vocabPath}' is missing: run deploy/fetch-native.sh vocab", vocabPath);
        }

        vocabModel = LlamaModel.Load(vocabPath, new LlamaModelOptions { VocabOnly = true });
        Tokenizer = new LlamaTokenizer(vocabModel.Vocab, "vocab:qwen2");
        modelsDirectory = Directory.CreateTempSubdirectory("compressor-eval-models-").FullName;
        Registry = new ModelRegistry(new ModelsOptions { Directory = modelsDirectory }, engine, runtime, NullLogger<ModelRegistry>.Instance);
        Generator = new TextGenerationService(Registry);
    }

    public ITokenizer Tokenizer { get; }

    public ModelRegistry Registry { get; }

    public TextGenerationService Generator { get; }

    public static string VocabPath => Path.Combine(RepositoryPaths.NativeVocab, "ggml-vocab-qwen2.gguf");

    /// <summary>Resolves --model: a GGUF path, or <see cref="RandomQwen05B"/> (generated once under the temp folder).</summary>
    public static string ResolveModelPath(string value)
    {
        if (string.Equals(value, RandomQwen05B, StringComparison.OrdinalIgnoreCase))
        {
            return TestModels.Generate(ModelShape.Qwen25_05B, TokenizerSource.CopyFrom(VocabPath));
        }

        return File.Exists(value) ? Path.GetFullPath(value) : throw new FileNotFoundException($"model file '{value}' not found", value);
    }

    /// <summary>Makes <paramref name="path"/> available to the registry as model <paramref name="id"/> and returns a chat client over it.</summary>
    public LlamaChatClient AddChatModel(string id, string path)
    {
        File.CreateSymbolicLink(Path.Combine(modelsDirectory, id + ".gguf"), ResolveModelPath(path));
        return new LlamaChatClient(Generator, id);
    }

    public void Dispose()
    {
        Registry.Dispose();
        vocabModel.Dispose();
        try
        {
            Directory.Delete(modelsDirectory, true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
