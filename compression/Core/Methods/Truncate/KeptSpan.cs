namespace Compressor.Compression.Methods.Truncate;

/// <summary>A character span [Start, End) of the input that truncate kept.</summary>
public sealed record KeptSpan(int Start, int End);
