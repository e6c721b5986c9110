namespace Compressor.Engine.Latent;

/// <summary>An adapter file as listed: usable, or the reason it is not.</summary>
public sealed record LatentAdapterDescriptor(string Id, string Path, string? EncoderModel, string? DecoderModel, double? Ratio, string? Error)
{
    public bool IsUsable => Error is null;
}
