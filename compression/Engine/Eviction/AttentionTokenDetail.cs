namespace Compressor.Engine.Eviction;

/// <summary>One model token of the input: its characters [<see cref="Start"/>, <see cref="End"/>), its last score, and whether the output holds it.</summary>
public sealed record AttentionTokenDetail(int Start, int End, double Score, bool Kept);
