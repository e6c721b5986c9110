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
    private readonly EngineOptions engineOptions;
    private ModelRegistry? attentionRegistry;
    private string? attentionDirectory;

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
        engineOptions = engine;
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

    /// <summary>
    /// A registry of its own holding only the model method "attention" reads with (id "attention"), and
    /// a chat client naming it (the API hands "attention" the request's model the same way). Two contexts
    /// of one sequence each, so snapkv's scoring context (flash attention off, capture on) and the plain
    /// one of streaming/random both stay alive instead of being recreated whenever the policy changes.
    /// </summary>
    public (ModelRegistry Registry, LlamaChatClient Model) AddAttentionModel(string path)
    {
        const string Id = "attention";
        if (attentionRegistry is not null)
        {
            throw new InvalidOperationException("the attention model is already set");
        }

        attentionDirectory = Directory.CreateTempSubdirectory("compressor-eval-attention-").FullName;
        File.CreateSymbolicLink(Path.Combine(attentionDirectory, Id + ".gguf"), ResolveModelPath(path));
        var options = new EngineOptions
        {
            NativeDirectory = engineOptions.NativeDirectory,
            Threads = engineOptions.Threads,
            ContextsPerModel = 2,
            ContextSize = engineOptions.ContextSize,
            SequencesPerContext = 1,
            QueueTimeout = engineOptions.QueueTimeout,
            MaxLoadedModels = 1,
        };
        attentionRegistry = new ModelRegistry(new ModelsOptions { Directory = attentionDirectory, Default = Id }, options, runtime, NullLogger<ModelRegistry>.Instance);
        return (attentionRegistry, new LlamaChatClient(new TextGenerationService(attentionRegistry), Id));
    }

    public void Dispose()
    {
        attentionRegistry?.Dispose();
        Registry.Dispose();
        vocabModel.Dispose();
        foreach (var directory in new[] { modelsDirectory, attentionDirectory }.OfType<string>())
        {
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}
