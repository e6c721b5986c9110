namespace Compressor.Constraints.Sampling;

/// <summary>
/// A batch of draws made ahead for <see cref="AdaptiveWeightedRejectionSampler"/>: each is drawn from
/// the masses left after the ones before it (as if those had all been rejected) and removed, the batch
/// is checked in one oracle call, and the draws after the first allowed one are put back. Up to the
/// first allowed draw this is exactly the one-at-a-time procedure; the rest never happened.
/// </summary>
internal sealed class Drawn(int capacity)
{
    private readonly int[] slots = new int[Math.Max(1, capacity)];
    private readonly float[] values = new float[Math.Max(1, capacity)];
    private readonly int[] tokens = new int[Math.Max(1, capacity)];
    private readonly bool[] answers = new bool[Math.Max(1, capacity)];

    public int Count { get; private set; }

    /// <summary>Whether drawing stopped at the stop slot (not among the draws).</summary>
    public bool HitStop { get; private set; }

    /// <summary>Draws up to <paramref name="n"/> slots, stopping early when none is left or <paramref name="stopAt"/> comes up.</summary>
    public void Draw(TokenMasses masses, Random rng, int n, int stopAt)
    {
        Count = 0;
        HitStop = false;
        n = Math.Min(n, slots.Length);
        while (Count < n)
        {
            var slot = masses.Find(rng.NextDouble() * masses.Remaining);
            if (slot < 0)
            {
                return;
            }

            if (slot == stopAt)
            {
                HitStop = true;
                return;
            }

            slots[Count] = slot;
            values[Count] = masses.Value(slot);
            tokens[Count] = masses.Token(slot);
            masses.Remove(slot);
            Count++;
        }
    }

    /// <summary>Asks the oracle about the draws (one alone, several in one call); returns the checks it made.</summary>
    public int Check(ITokenOracle oracle)
    {
        if (Count == 1)
        {
            answers[0] = oracle.IsAllowed(tokens[0]);
            return 1;
        }

        return Count == 0 ? 0 : oracle.CheckMany(tokens.AsSpan(0, Count), answers.AsSpan(0, Count));
    }

    /// <summary>The index of the first allowed draw, or -1.</summary>
    public int FirstAllowed() => Array.IndexOf(answers, true, 0, Count);

    public int Slot(int index) => slots[index];

    /// <summary>The mass of draws [0, <paramref name="count"/>).</summary>
    public double MassBefore(int count)
    {
        double mass = 0;
        for (var j = 0; j < count; j++)
        {
            mass += values[j];
        }

        return mass;
    }

    /// <summary>Returns draws [<paramref name="from"/>, Count) to the masses.</summary>
    public void PutBack(TokenMasses masses, int from)
    {
        for (var j = Count - 1; j >= from; j--)
        {
            masses.Restore(slots[j], values[j]);
        }
    }
}
