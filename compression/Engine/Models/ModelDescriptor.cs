using Compressor.Gguf;

namespace Compressor.Engine.Models;

/// <summary>
/// A GGUF file in the models directory with its metadata. <see cref="Error"/> is set (and
/// <see cref="Info"/> null) when the file is not a readable GGUF: listing never fails on a bad file.
/// </summary>
public sealed record ModelDescriptor(
    string Id,
    string Path,
    long FileSize,
    DateTime LastWriteUtc,
    GgufModelInfo? Info,
    string? Error)
{
    public bool IsUsable => Info is not null && Error is null;
}
