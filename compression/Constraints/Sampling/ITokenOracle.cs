namespace Compressor.Constraints.Sampling;

/// <summary>Answers whether one token may come next under the constraint (the engine asks llama.cpp's grammar).</summary>
public interface ITokenOracle
{
    bool IsAllowed(int token);
}
