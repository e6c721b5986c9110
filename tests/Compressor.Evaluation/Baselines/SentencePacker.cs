using System.Diagnostics;
using Compressor.Compression.Methods;
using Compressor.Compression.Pipeline;
using Compressor.Compression.Segmentation;

namespace Compressor.Evaluation.Baselines;

/// <summary>
/// What the sentence baselines share: segment with the same <see cref="TextSegmenter"/> as our
/// methods, take segments in a priority order while they fit the budget, emit them in input order
/// with <see cref="OutputAssembler"/>, and shed the lowest-priority ones until the real count fits.
/// </summary>
internal static class SentencePacker
{
    /// <summary>Compresses <paramref name="request"/>'s text keeping segments in the order <paramref name="rank"/> gives.</summary>
    public static CompressionResult Pack(CompressionRequest request, CompressionEnvironment environment,
        Func<IReadOnlyList<Segment>, int[]> rank)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(environment);
        var clock = Stopwatch.StartNew();
        var text = request.Text ?? throw new ArgumentException("the baselines compress text only", nameof(request));
        var tokenizer = environment.Tokenizer;
        var original = tokenizer.Count(text);
        var budget = request.Target.BudgetFor(original);
        if (original <= budget)
        {
            return Result(text, original, original, budget, clock);
        }

        var segments = TextSegmenter.Split(text);
        var counts = segments.Select(s => tokenizer.Count(s.Text)).ToArray();
        var separator = tokenizer.Count("\n\n");
        var order = rank(segments);
        var chosen = new List<int>();
        var used = 0;
        foreach (var i in order)
        {
            var cost = counts[i] + (chosen.Count > 0 ? separator : 0);
            if (used + cost <= budget)
            {
                chosen.Add(i);
                used += cost;
            }
        }

        while (true)
        {
            var output = OutputAssembler.Join(text, chosen.Select(i => OutputAssembler.Of(segments[i])));
            var count = tokenizer.Count(output);
            if (count <= budget || chosen.Count == 0)
            {
                return Result(output, original, count, budget, clock);
            }

            chosen.RemoveAt(chosen.Count - 1);
        }
    }

    private static CompressionResult Result(string text, int original, int compressed, int budget, Stopwatch clock) => new()
    {
        Text = text,
        OriginalTokens = original,
        CompressedTokens = compressed,
        BudgetMet = compressed <= budget,
        TimingsMs = new Dictionary<string, double>(StringComparer.Ordinal) { ["total"] = clock.Elapsed.TotalMilliseconds },
    };
}
