using Compressor.Compression.Pipeline;
using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Methods;

/// <summary>One text to compress to <see cref="Budget"/> tokens, already segmented and counted.</summary>
public sealed record TextJob(
    string Text,
    string? Question,
    IReadOnlyList<string> Keep,
    int Budget,
    int OriginalTokens,
    IReadOnlyList<Segment> Segments,
    IReadOnlyList<int> SegmentTokens,
    CompressionRequest Request,
    CompressionEnvironment Environment,
    StageTimer Timer);
