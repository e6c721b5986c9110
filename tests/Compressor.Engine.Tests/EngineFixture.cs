using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Compressor.Testing.Models;
using Compressor.Testing.Paths;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compressor.Engine.Tests;

/// <summary>A models folder holding generated models, and a registry over it.</summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        ModelsDirectory = Directory.CreateTempSubdirectory("compressor-models-").FullName;
        File.Copy(TestModels.TinyLlamaPath, Path.Combine(ModelsDirectory, "tiny.gguf"));
        File.Copy(TestModels.TinyQwen2Path, Path.Combine(ModelsDirectory, "tiny-qwen2.gguf"));
        File.WriteAllText(Path.Combine(ModelsDirectory, "broken.gguf"), "not a gguf file");
        Registry = CreateRegistry(new EngineOptions { ContextSize = 1024, ContextsPerModel = 2, SequencesPerContext = 4, Threads = 1 });
        Generator = new TextGenerationService(Registry);
    }

    public string ModelsDirectory { get; }

    public ModelRegistry Registry { get; }

    public TextGenerationService Generator { get; }

    public ModelRegistry CreateRegistry(EngineOptions engine, string? defaultModel = "tiny", string? directory = null)
    {
        engine.NativeDirectory ??= RepositoryPaths.NativeCpu;
        var models = new ModelsOptions { Directory = directory ?? ModelsDirectory, Default = defaultModel };
        return new ModelRegistry(models, engine, new NativeRuntime(engine, NullLoggerFactory.Instance), NullLogger<ModelRegistry>.Instance);
    }

    public void Dispose()
    {
        Registry.Dispose();
        Directory.Delete(ModelsDirectory, true);
    }
}
