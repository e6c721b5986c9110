namespace Compressor.Engine.Generation;

/// <summary>Temperature 0 is greedy. Top-p keeps the smallest set of tokens whose mass reaches p.</summary>
public sealed record SamplingSettings(float Temperature = 0f, float TopP = 1f, int Seed = 0)
{
    public bool IsGreedy => Temperature <= 0f;
}
