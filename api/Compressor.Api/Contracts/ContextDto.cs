namespace Compressor.Api.Contracts;

/// <summary>A long document read through a bounded KV cache (evicting by <c>eviction</c> policy) before answering.</summary>
public sealed record ContextDto(string? Text, string? Question = null, KvBudgetDto? KvBudget = null, string? Eviction = null, int? Window = null,
    bool? ReuseState = null);
