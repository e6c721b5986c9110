using Compressor.Compression.Errors;
using Compressor.Engine.Options;
using Compressor.Testing.Models;

namespace Compressor.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class ModelRegistryTests(EngineFixture fixture)
{
    [Fact]
    public void Lists_every_gguf_with_metadata_and_reports_bad_files_by_name()
    {
        var models = fixture.Registry.List();
        var tiny = Assert.Single(models, m => m.Id == "tiny");
        Assert.True(tiny.IsUsable);
        Assert.Equal("llama", tiny.Info!.Architecture);
        Assert.Equal(64, tiny.Info.EmbeddingLength);
        Assert.Equal(2, tiny.Info.LayerCount);
        Assert.True(tiny.Info.HasChatTemplate);
        Assert.Equal("qwen2", Assert.Single(models, m => m.Id == "tiny-qwen2").Info!.Architecture);

        var broken = Assert.Single(models, m => m.Id == "broken");
        Assert.False(broken.IsUsable);
        Assert.Contains("broken.gguf", broken.Error, StringComparison.Ordinal);
        var e = Assert.Throws<CompressorException>(() => fixture.Registry.Find("broken"));
        Assert.Equal("model_invalid", e.Code);
    }

    [Fact]
    public void Unknown_model_is_not_found_and_missing_default_is_unavailable()
    {
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<CompressorException>(() => fixture.Registry.Find("nope")).Kind);
        using var noDefault = fixture.CreateRegistry(new EngineOptions(), defaultModel: null);
        var e = Assert.Throws<CompressorException>(() => noDefault.Find(null));
        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("Compressor__Models__Default", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loads_lazily_once_and_shares_the_copy()
    {
        using var registry = fixture.CreateRegistry(new EngineOptions { ContextSize = 512, Threads = 1 });
        Assert.False(registry.IsLoaded("tiny"));
        var handles = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => registry.AcquireAsync("tiny", CancellationToken.None)));
        Assert.True(registry.IsLoaded("tiny"));
        Assert.All(handles, h => Assert.Same(handles[0].Loaded, h.Loaded));
        Assert.StartsWith("sha256:", handles[0].Loaded.Fingerprint, StringComparison.Ordinal);
        foreach (var h in handles)
        {
            h.Dispose();
        }
    }

    [Fact]
    public async Task Idle_models_are_unloaded_but_not_while_in_use()
    {
        using var registry = fixture.CreateRegistry(new EngineOptions { ContextSize = 512, Threads = 1, IdleUnloadAfter = TimeSpan.FromMilliseconds(1) });
        var handle = await registry.AcquireAsync("tiny", CancellationToken.None);
        Assert.Equal(0, registry.UnloadIdle(DateTime.UtcNow.AddMinutes(1)));
        handle.Dispose();
        Assert.Equal(1, registry.UnloadIdle(DateTime.UtcNow.AddMinutes(1)));
        Assert.False(registry.IsLoaded("tiny"));
    }

    [Fact]
    public async Task A_deleted_model_file_keeps_serving_the_loaded_copy()
    {
        var dir = Directory.CreateTempSubdirectory("compressor-deleted-").FullName;
        try
        {
            File.Copy(TestModels.TinyLlamaPath, Path.Combine(dir, "m.gguf"));
            using var registry = fixture.CreateRegistry(new EngineOptions { ContextSize = 512, Threads = 1 }, "m", dir);
            using (var first = await registry.AcquireAsync("m", CancellationToken.None))
            {
                Assert.NotNull(first.Loaded.Model);
            }

            File.Delete(Path.Combine(dir, "m.gguf"));
            using var again = await registry.AcquireAsync("m", CancellationToken.None);
            Assert.Equal("m", again.Loaded.Id);
            Assert.DoesNotContain(registry.List(), m => m.Id == "m");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Vocabulary_only_copies_count_tokens_without_loading_weights()
    {
        using var registry = fixture.CreateRegistry(new EngineOptions());
        var vocab = registry.GetVocabulary("tiny-qwen2");
        Assert.False(registry.IsLoaded("tiny-qwen2"));
        Assert.True(vocab.CountTokens("Counting tokens without the weights.") > 3);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var problems = new EngineOptions { Backend = "tpu", ContextsPerModel = 0, Threads = -1 }.Validate().ToList();
        Assert.Contains(problems, p => p.Contains("Compressor:Engine:Backend", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Compressor:Engine:ContextsPerModel", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Compressor:Engine:Threads", StringComparison.Ordinal));
        Assert.Empty(new EngineOptions().Validate());
        Assert.NotEmpty(new ModelsOptions { Directory = "" }.Validate());
    }
}
