namespace Compressor.Compression.Methods;

/// <summary>One chunk (or sentence, for extract) of the input: span [Start, End) in characters, and what became of it.</summary>
public sealed record ChunkDetail(
    int Index,
    int Start,
    int End,
    string Kind,
    double Importance,
    int OriginalTokens,
    int TargetTokens,
    int AchievedTokens,
    string Action,
    string? Summary);
