namespace Compressor.Engine.Eviction;

/// <summary>
/// What a keep set must satisfy: keep <see cref="Keep"/> of <see cref="Count"/> tokens, always
/// including the first <see cref="ProtectedHead"/> (BOS, template prefix) and the last
/// <see cref="ProtectedTail"/> (the observation or recent window).
/// </summary>
public readonly record struct KeepConstraints(int Count, int Keep, int ProtectedHead = 0, int ProtectedTail = 0)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Count);
        ArgumentOutOfRangeException.ThrowIfNegative(Keep);
        ArgumentOutOfRangeException.ThrowIfNegative(ProtectedHead);
        ArgumentOutOfRangeException.ThrowIfNegative(ProtectedTail);
        if (Keep < Count && ProtectedHead + ProtectedTail > Keep)
        {
            throw new ArgumentException($"{ProtectedHead} protected head and {ProtectedTail} protected tail tokens do not fit a keep of {Keep}");
        }
    }
}
