using System.Text;
using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// One SMC particle: a sequence of the context, its grammar (inside its chooser), tokens, text and
/// log weight. With one particle it streams its text; under SMC text is rebuilt after resampling.
/// </summary>
internal sealed class Particle(int sequence, ConstrainedChooser chooser, int promptLength, ConstrainedRequest request) : IDisposable
{
    private Utf8TokenDecoder decoder = new();
    private readonly StopMatcher stops = new(request.Stop);
    private readonly StringBuilder text = new();

    public int Sequence { get; } = sequence;

    public ConstrainedChooser Chooser { get; } = chooser;

    public List<int> Tokens { get; } = [];

    public double LogWeight { get; set; }

    public int PendingToken { get; private set; } = -1;

    public int Position => promptLength + Tokens.Count - 1;

    public bool Done { get; private set; }

    public string Reason { get; private set; } = FinishReason.Length;

    public string Text => text.ToString();

    /// <summary>Chooses and records the next token from this particle's logits.</summary>
    public void Advance(ReadOnlySpan<float> logits, LlamaVocab vocab, Action<string>? onText)
    {
        if (Done)
        {
            return;
        }

        var token = Chooser.Choose(logits);
        LogWeight += Chooser.LastLogWeight;
        if (token < 0)
        {
            LogWeight = double.NegativeInfinity;
            Finish(FinishReason.NoValidToken, onText);
            return;
        }

        if (vocab.IsEndOfGeneration(token))
        {
            Finish(FinishReason.Stop, onText);
            return;
        }

        Tokens.Add(token);
        Emit(stops.Push(decoder.Push(vocab.TokenToBytes(token))), onText);
        if (stops.Stopped)
        {
            Finish(FinishReason.Stop, onText);
        }
        else if (Tokens.Count >= request.MaxTokens)
        {
            Finish(FinishReason.Length, onText);
        }
        else
        {
            PendingToken = token;
        }
    }

    public void Finish(string reason, Action<string>? onText)
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

    /// <summary>Becomes a copy of <paramref name="source"/> (grammar, tokens, text, state); the KV cells are copied by the caller.</summary>
    public void CopyFrom(Particle source, LlamaVocab vocab)
    {
        Chooser.AdoptStateOf(source.Chooser);
        Tokens.Clear();
        Tokens.AddRange(source.Tokens);
        LogWeight = source.LogWeight;
        PendingToken = source.PendingToken;
        Done = source.Done;
        Reason = source.Reason;
        decoder = new Utf8TokenDecoder();
        text.Clear();
        foreach (var token in Tokens)
        {
            text.Append(decoder.Push(vocab.TokenToBytes(token)));
        }

        if (Done)
        {
            text.Append(decoder.Flush());
        }
    }

    public void Dispose() => Chooser.Dispose();

    private void Emit(string delta, Action<string>? onText)
    {
        if (delta.Length > 0)
        {
            text.Append(delta);
            onText?.Invoke(delta);
        }
    }
}
