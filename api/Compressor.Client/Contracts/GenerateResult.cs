using System.Text.Json;

namespace Compressor.Client.Contracts;

/// <summary>A finished generation; <see cref="Stats"/> carries mode-specific numbers (constraint checks, KV cells, latents).</summary>
public sealed record GenerateResult
{
    public string Id { get; init; } = "";

    public string Model { get; init; } = "";

    public string Text { get; init; } = "";

    public string FinishReason { get; init; } = "";

    public Usage Usage { get; init; } = new(0, 0, 0);

    public JsonElement? Timings { get; init; }

    public JsonElement? Stats { get; init; }
}
