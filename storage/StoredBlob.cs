namespace Compressor.Storage;

/// <summary>A binary artifact as read back.</summary>
/// <param name="MetaJson">The metadata JSON object; stored as jsonb, so formatting may differ.</param>
/// <param name="CreatedAt">When this version of the blob was written.</param>
public sealed record StoredBlob(string Kind, string Key, byte[] Data, string MetaJson, DateTimeOffset CreatedAt);
