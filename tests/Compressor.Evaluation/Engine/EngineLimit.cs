using Compressor.Engine.Generation;
using Compressor.Engine.Models;
using Compressor.Engine.Scheduling;

namespace Compressor.Evaluation.Engine;

/// <summary>
/// The engine's own limit for a summarize call's work, with the same model, context settings,
/// threads and parallelism: the input text's tokens split into as many contiguous prompts as the
/// summarizer made calls, prefilled, then each decoding exactly as many tokens as the matching call
/// generated (greedy, end-of-generation masked), groups of up to the context's sequence count run as
/// parallel sequences of one context, as the summarizer's batches do. What it leaves out is exactly
/// the method's overhead: instruction and template tokens, batching windows, the non-model stages.
/// </summary>
internal static class EngineLimit
{
    public readonly record struct Measurement(double PrefillMs, double DecodeMs, int PromptTokens, int DecodedTokens)
    {
        public double TotalMs => PrefillMs + DecodeMs;
    }

    public static async Task<Measurement> MeasureAsync(ModelRegistry registry, string modelId, string input,
        IReadOnlyList<(int Input, int Output)> calls, bool samePrompts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(calls);
        using var handle = await registry.AcquireAsync(modelId, cancellationToken);
        var model = handle.Loaded.Model;
        var tokens = model.Vocab.Tokenize(input);
        var outputs = calls.Count == 0 ? [1] : calls.Select(c => Math.Max(1, c.Output)).ToArray();
        var slice = Math.Max(1, tokens.Length / outputs.Length);

        // samePrompts: each prompt as long as the summarizer's real one (instructions and template included), cut from the input.
        int[] Prompt(int i) => samePrompts && calls.Count > 0
            ? [.. Enumerable.Range(0, Math.Max(1, calls[i].Input)).Select(k => tokens[((i * slice) + k) % tokens.Length])]
            : tokens[(i * slice)..(i == outputs.Length - 1 ? tokens.Length : (i + 1) * slice)];
        var requests = outputs.Select((n, i) => new GenerationRequest
        {
            PromptTokens = Prompt(i),
            MaxTokens = n,
            Chooser = new NonStopChooser(model.Vocab),
        }).ToList();

        double prefill = 0, decode = 0;
        int prompt = 0, decoded = 0;
        foreach (var group in requests.Chunk(Math.Max(1, handle.Loaded.Pool.SequencesPerContext)))
        {
            using var lease = await handle.RentAsync(ContextProfile.Generation, cancellationToken);
            var results = await Task.Run(() => BatchGenerator.Run(lease.Context, group, null, cancellationToken), cancellationToken);
            var t = results[0].Timings;
            (prefill, decode, prompt, decoded) = (prefill + t.PromptMs, decode + t.GenerationMs, prompt + t.PromptTokens, decoded + t.GeneratedTokens);
        }

        return new Measurement(prefill, decode, prompt, decoded);
    }
}
