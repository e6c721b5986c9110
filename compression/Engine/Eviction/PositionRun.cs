namespace Compressor.Engine.Eviction;

/// <summary>A half-open position range [<see cref="Start"/>, <see cref="End"/>) of one sequence, with a shift for gap closing.</summary>
public readonly record struct PositionRun(int Start, int End, int Delta = 0);
