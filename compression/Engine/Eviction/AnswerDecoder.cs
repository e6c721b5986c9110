using System.Diagnostics;
using System.Text;
using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Eviction;

/// <summary>
/// Decodes the answer over a cache already holding the (reduced) context: pending tokens (the
/// question) first, then one token per step with the sampling pieces of the batch generator.
/// </summary>
public static class AnswerDecoder
{
    public sealed record Result(string Text, IReadOnlyList<int> Tokens, string FinishReason, double PendingMs, double DecodeMs);

    /// <param name="logits">Logits for the first answer token when the pending tokens were already decoded; null otherwise.</param>
    public static Result Run(LlamaContext context, int sequence, int nextPosition, int[] pending, float[]? logits,
        int maxTokens, SamplingSettings sampling, IReadOnlyList<string> stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pending);
        var vocab = context.Model.Vocab;
        var clock = Stopwatch.StartNew();
        using var batch = LlamaBatch.ForTokens(Math.Max(1, Math.Min(context.BatchSize, Math.Max(1, pending.Length))));
        for (var i = 0; i < pending.Length; i += context.BatchSize)
        {
            batch.Clear();
            var end = Math.Min(pending.Length, i + context.BatchSize);
            for (var j = i; j < end; j++)
            {
                batch.Add(pending[j], nextPosition++, sequence, j == pending.Length - 1);
            }

            context.Decode(batch, cancellationToken);
            if (end == pending.Length)
            {
                logits = context.GetLogits(-1).ToArray();
            }
        }

        var pendingMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        if (logits is null)
        {
            throw new ArgumentException("either pending tokens or the logits after them are needed", nameof(logits));
        }

        var chooser = new SamplerChooser(sampling);
        var decoder = new Utf8TokenDecoder();
        var stops = new StopMatcher(stop);
        var text = new StringBuilder();
        var tokens = new List<int>();
        var reason = FinishReason.Length;
        ReadOnlySpan<float> current = logits;
        while (tokens.Count < maxTokens)
        {
            var token = chooser.Choose(current);
            if (token < 0)
            {
                reason = FinishReason.NoValidToken;
                break;
            }

            if (vocab.IsEndOfGeneration(token))
            {
                reason = FinishReason.Stop;
                break;
            }

            tokens.Add(token);
            text.Append(stops.Push(decoder.Push(vocab.TokenToBytes(token))));
            if (stops.Stopped)
            {
                reason = FinishReason.Stop;
                break;
            }

            if (tokens.Count >= maxTokens)
            {
                break;
            }

            batch.Clear();
            batch.Add(token, nextPosition++, sequence, true);
            try
            {
                context.Decode(batch, cancellationToken);
            }
            catch (LlamaException e) when (e.Code == LlamaErrorCode.NoKvSlot)
            {
                break;
            }

            current = context.GetLogits(-1);
        }

        text.Append(stops.Push(decoder.Flush())).Append(stops.Flush());
        return new Result(text.ToString(), tokens, reason, pendingMs, clock.Elapsed.TotalMilliseconds);
    }
}
