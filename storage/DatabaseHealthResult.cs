namespace Compressor.Storage;

/// <summary>The outcome of one database ping; <paramref name="Error"/> is set only when <paramref name="Ok"/> is false.</summary>
public sealed record DatabaseHealthResult(bool Ok, TimeSpan Latency, string? Error);
