using System.Text;
using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Latent;

/// <summary>Per-sequence bookkeeping of <see cref="LatentDecoder"/>: choice with the repetition ban, text, finish.</summary>
internal sealed class DecodeState(int sequence, LatentPrompt prompt, LatentDecodeSettings settings)
{
    private readonly TokenSampler sampler = new(settings.Sampling);
    private readonly RepetitionGuard guard = new(settings.NoRepeatNgramSize);
    private readonly Utf8TokenDecoder decoder = new();
    private readonly StringBuilder text = new();
    private readonly List<int> generated = [];
    private float[] scratch = [];
    private string reason = FinishReason.Length;

    public int Sequence { get; } = sequence;

    public LatentPrompt Prompt { get; } = prompt;

    public int Position { get; set; } = prompt.Length;

    public int Pending { get; private set; } = -1;

    public bool Done { get; private set; }

    public void Choose(ReadOnlySpan<float> logits, LlamaVocab vocab)
    {
        if (settings.MaxTokens <= 0)
        {
            Finish(FinishReason.Length);
            return;
        }

        var banned = guard.Banned().ToList();
        int token;
        if (banned.Count == 0)
        {
            token = sampler.Sample(logits);
        }
        else
        {
            if (scratch.Length != logits.Length)
            {
                scratch = new float[logits.Length];
            }

            logits.CopyTo(scratch);
            foreach (var t in banned)
            {
                scratch[t] = float.NegativeInfinity;
            }

            token = sampler.Sample(scratch);
        }

        if (vocab.IsEndOfGeneration(token))
        {
            Finish(FinishReason.Stop);
            return;
        }

        guard.Accept(token);
        generated.Add(token);
        text.Append(decoder.Push(vocab.TokenToBytes(token)));
        if (generated.Count >= settings.MaxTokens)
        {
            Finish(FinishReason.Length);
        }
        else
        {
            Pending = token;
        }
    }

    public void Finish(string why)
    {
        if (!Done)
        {
            Done = true;
            reason = why;
            text.Append(decoder.Flush());
        }
    }

    public LatentDecodeResult ToResult() => new(text.ToString(), generated, reason, Prompt.Length);
}
