using System.Text.Json;

namespace Compressor.Api.Contracts;

/// <summary>A stored compression as GET /v1/compressions/{id} returns it.</summary>
public sealed record CompressionRecordDto(
    Guid Id,
    DateTimeOffset CreatedAt,
    string Method,
    string? Model,
    string? ModelFingerprint,
    string? Tokenizer,
    string? Question,
    JsonElement Options,
    string? InputText,
    string? OutputText,
    int OriginalTokens,
    int CompressedTokens,
    double Ratio,
    bool BudgetMet,
    bool Cached,
    JsonElement Timings,
    JsonElement? Details,
    bool Pending);
