using System.Diagnostics;
using Compressor.Engine.Errors;
using Compressor.Native;

namespace Compressor.Engine.Generation;

/// <summary>
/// The decode loop. Runs several requests as parallel sequences of one context: prompts are
/// prefilled together in batches of up to n_batch tokens, then every step decodes one token per
/// live sequence in a single batch. One request is the special case of one sequence. When the
/// prompts of a batch start with the same tokens (a shared system prompt and instruction), that
/// prefix is prefilled once in the first sequence and shared with the others
/// (<c>llama_memory_seq_cp</c> on the unified cache tags the same cells with every sequence), so
/// only the suffixes are computed per sequence.
/// </summary>
public static class BatchGenerator
{
    /// <summary>Shorter common prefixes are not worth a separate decode.</summary>
    public const int MinSharedPrefix = 16;

    /// <summary>
    /// Generates all <paramref name="requests"/> (at most the context's sequence count) in
    /// <paramref name="context"/>, whose cache must be empty. <paramref name="onText"/> receives
    /// (request index, text delta) as text becomes final (stop strings held back).
    /// </summary>
    public static GenerationResult[] Run(LlamaContext context, IReadOnlyList<GenerationRequest> requests,
        Action<int, string>? onText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0 || requests.Count > context.SequenceCount)
        {
            throw new ArgumentException($"between 1 and {context.SequenceCount} requests per context, got {requests.Count}", nameof(requests));
        }

        var totalPrompt = requests.Sum(r => r.PromptTokens.Count);
        if (requests.Any(r => r.PromptTokens.Count == 0))
        {
            throw new ArgumentException("every request needs at least one prompt token", nameof(requests));
        }

        if (totalPrompt >= context.ContextSize)
        {
            throw EngineErrors.PromptTooLong(totalPrompt, context.ContextSize - 1);
        }

        var states = requests.Select((r, i) => new SequenceState(i, r)).ToArray();
        var vocab = context.Model.Vocab;
        var clock = Stopwatch.StartNew();
        using var batch = LlamaBatch.ForTokens(Math.Max(context.BatchSize, requests.Count));
        try
        {
            var shared = SharedPrefix(context, batch, states, cancellationToken);
            Prefill(context, batch, states, shared, vocab, onText, cancellationToken);
            var promptMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            Step(context, batch, states, vocab, onText, cancellationToken);
            var timings = new GenerationTimings(promptMs, clock.Elapsed.TotalMilliseconds, totalPrompt, states.Sum(s => s.Generated.Count), shared);
            return [.. states.Select(s => s.ToResult(timings))];
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e);
        }
    }

    /// <summary>Length of the prompts' common prefix (leaving every prompt at least one token of its own for its logits).</summary>
    public static int CommonPrefix(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count < 2)
        {
            return 0;
        }

        var limit = prompts.Min(p => p.Count) - 1;
        var n = 0;
        while (n < limit && prompts.All(p => p[n] == prompts[0][n]))
        {
            n++;
        }

        return n;
    }

    /// <summary>Prefills the common prefix once into the first sequence and shares it with the others; returns its length (0 when not worth it).</summary>
    private static int SharedPrefix(LlamaContext context, LlamaBatch batch, SequenceState[] states, CancellationToken ct)
    {
        var shared = CommonPrefix([.. states.Select(s => s.Request.PromptTokens)]);
        if (shared < MinSharedPrefix)
        {
            return 0;
        }

        var first = states[0];
        var prompt = first.Request.PromptTokens;
        for (var i = 0; i < shared; i++)
        {
            if (batch.Count == batch.Capacity)
            {
                context.Decode(batch, ct);
                batch.Clear();
            }

            batch.Add(prompt[i], i, first.Sequence, false);
        }

        context.Decode(batch, ct);
        batch.Clear();
        foreach (var state in states.Skip(1))
        {
            context.CopySequence(first.Sequence, state.Sequence, 0, shared);
        }

        return shared;
    }

    private static void Prefill(LlamaContext context, LlamaBatch batch, SequenceState[] states, int skip, LlamaVocab vocab,
        Action<int, string>? onText, CancellationToken ct)
    {
        var lastInBatch = new List<(SequenceState State, int Index)>();
        foreach (var state in states)
        {
            var prompt = state.Request.PromptTokens;
            for (var i = skip; i < prompt.Count; i++)
            {
                if (batch.Count == batch.Capacity)
                {
                    DecodeAndSample(context, batch, lastInBatch, vocab, onText, ct);
                }

                var isLast = i == prompt.Count - 1;
                batch.Add(prompt[i], i, state.Sequence, isLast);
                if (isLast)
                {
                    lastInBatch.Add((state, batch.Count - 1));
                }
            }

            state.Position = prompt.Count;
        }

        if (batch.Count > 0)
        {
            DecodeAndSample(context, batch, lastInBatch, vocab, onText, ct);
        }
    }

    private static void DecodeAndSample(LlamaContext context, LlamaBatch batch, List<(SequenceState State, int Index)> outputs,
        LlamaVocab vocab, Action<int, string>? onText, CancellationToken ct)
    {
        context.Decode(batch, ct);
        foreach (var (state, index) in outputs)
        {
            state.Choose(context.GetLogits(index), vocab, onText);
        }

        outputs.Clear();
        batch.Clear();
    }

    private static void Step(LlamaContext context, LlamaBatch batch, SequenceState[] states, LlamaVocab vocab,
        Action<int, string>? onText, CancellationToken ct)
    {
        var live = new List<(SequenceState State, int Index)>();
        while (true)
        {
            batch.Clear();
            live.Clear();
            foreach (var state in states.Where(s => !s.Done))
            {
                batch.Add(state.PendingToken, state.Position++, state.Sequence, true);
                live.Add((state, batch.Count - 1));
            }

            if (live.Count == 0)
            {
                return;
            }

            try
            {
                context.Decode(batch, ct);
            }
            catch (LlamaException e) when (e.Code == LlamaErrorCode.NoKvSlot)
            {
                // The cache is full: every live sequence ends here, as with max_tokens.
                foreach (var (state, _) in live)
                {
                    state.Finish(FinishReason.Length, onText);
                }

                return;
            }

            foreach (var (state, index) in live)
            {
                state.Choose(context.GetLogits(index), vocab, onText);
            }
        }
    }

    /// <summary>Per-sequence bookkeeping of the loop.</summary>
    private sealed class SequenceState(int sequence, GenerationRequest request)
    {
        private readonly ITokenChooser chooser = request.Chooser ?? new SamplerChooser(request.Sampling);
        private readonly Utf8TokenDecoder decoder = new();
        private readonly StopMatcher stops = new(request.Stop);
        private readonly System.Text.StringBuilder text = new();

        public int Sequence { get; } = sequence;

        public GenerationRequest Request { get; } = request;

        public List<int> Generated { get; } = [];

        public int Position { get; set; }

        public int PendingToken { get; private set; } = -1;

        public bool Done { get; private set; }

        public string Reason { get; private set; } = FinishReason.Length;

        public void Choose(ReadOnlySpan<float> logits, LlamaVocab vocab, Action<int, string>? onText)
        {
            if (Request.MaxTokens <= 0)
            {
                Finish(FinishReason.Length, onText);
                return;
            }

            var token = chooser.Choose(logits);
            if (token < 0)
            {
                Finish(FinishReason.NoValidToken, onText);
                return;
            }

            Request.OnToken?.Invoke(token);
            if (vocab.IsEndOfGeneration(token))
            {
                Finish(FinishReason.Stop, onText);
                return;
            }

            Generated.Add(token);
            Emit(stops.Push(decoder.Push(vocab.TokenToBytes(token))), onText);
            if (stops.Stopped)
            {
                Finish(FinishReason.Stop, onText);
            }
            else if (Generated.Count >= Request.MaxTokens)
            {
                Finish(FinishReason.Length, onText);
            }
            else
            {
                PendingToken = token;
            }
        }

        public void Finish(string reason, Action<int, string>? onText)
        {
            if (Done)
            {
                return;
            }

            Done = true;
            Reason = reason;
            Emit(stops.Push(decoder.Flush()), onText);
            Emit(stops.Flush(), onText);
        }

        public GenerationResult ToResult(GenerationTimings timings) =>
            new(text.ToString(), Generated, Reason, Request.PromptTokens.Count, Generated.Count, timings);

        private void Emit(string delta, Action<int, string>? onText)
        {
            if (delta.Length > 0)
            {
                text.Append(delta);
                onText?.Invoke(Sequence, delta);
            }
        }
    }
}
