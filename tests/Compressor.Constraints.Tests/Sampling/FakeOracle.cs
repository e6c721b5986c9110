using Compressor.Constraints.Sampling;

namespace Compressor.Constraints.Tests.Sampling;

/// <summary>Hand-written fake: a predicate decides, and every call is counted.</summary>
internal sealed class FakeOracle(Func<int, bool> allowed) : ITokenOracle
{
    public int Calls { get; private set; }

    public bool IsAllowed(int token)
    {
        Calls++;
        return allowed(token);
    }
}
