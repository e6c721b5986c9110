using Compressor.Constraints;
using Compressor.Engine.Constrained;
using Compressor.Engine.Models;
using Compressor.Engine.Options;
using Compressor.Engine.Scheduling;
using Compressor.Testing.Models;

namespace Compressor.Engine.Tests.Constrained;

/// <summary>
/// A registry over the 300-token and 512-token generated models with one four-sequence context
/// each, single-threaded decoding, and a shared constraint compiler.
/// </summary>
public sealed class ConstrainedHarness : IDisposable
{
    private readonly string directory;

    public ConstrainedHarness(EngineFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        directory = Directory.CreateTempSubdirectory("compressor-constrained-").FullName;
        File.Copy(TestModels.SmallVocabPath, Path.Combine(directory, "small.gguf"));
        File.Copy(TestModels.TinyLlamaPath, Path.Combine(directory, "tiny.gguf"));
        Registry = fixture.CreateRegistry(
            new EngineOptions { ContextSize = 1024, ContextsPerModel = 1, SequencesPerContext = 4, Threads = 1, QueueTimeout = TimeSpan.FromSeconds(30) },
            "small", directory);
        Service = new ConstrainedGenerationService(Registry);
    }

    public ModelRegistry Registry { get; }

    public ConstrainedGenerationService Service { get; }

    public ConstraintCompiler Compiler { get; } = new();

    /// <summary>Runs many generations on one rented context of <paramref name="model"/> (the cache is cleared between runs).</summary>
    public async Task<List<ConstrainedResult>> RunManyAsync(string model, IEnumerable<(string Prompt, CompiledConstraint Constraint, ConstrainedSampling Sampling, int MaxTokens)> runs)
    {
        using var handle = await Registry.AcquireAsync(model, CancellationToken.None);
        using var lease = await handle.RentAsync(ContextProfile.Generation, CancellationToken.None);
        var vocab = handle.Loaded.Model.Vocab;
        var results = new List<ConstrainedResult>();
        foreach (var (prompt, constraint, sampling, maxTokens) in runs)
        {
            using var grammar = ConstrainedGenerationService.CreateGrammar(vocab, constraint);
            var request = new ConstrainedRequest
            {
                PromptTokens = vocab.Tokenize(prompt),
                Constraint = constraint,
                MaxTokens = maxTokens,
                Sampling = sampling,
            };
            lease.Context.ClearMemory();
            results.Add(ConstrainedGenerator.Run(lease.Context, request, grammar, null, CancellationToken.None));
        }

        return results;
    }

    public void Dispose()
    {
        Registry.Dispose();
        try
        {
            Directory.Delete(directory, true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
