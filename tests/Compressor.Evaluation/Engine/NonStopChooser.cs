using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Evaluation.Engine;

/// <summary>Greedy choice that never ends the sequence, so the reference decodes exactly as many tokens as asked.</summary>
internal sealed class NonStopChooser(LlamaVocab vocab) : ITokenChooser
{
    public int Choose(ReadOnlySpan<float> logits)
    {
        var best = -1;
        var bestLogit = float.NegativeInfinity;
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] > bestLogit && !vocab.IsEndOfGeneration(i))
            {
                best = i;
                bestLogit = logits[i];
            }
        }

        return best;
    }
}
