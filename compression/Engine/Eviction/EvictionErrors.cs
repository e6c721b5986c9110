using Compressor.Compression.Errors;

namespace Compressor.Engine.Eviction;

/// <summary>Failures of KV eviction as service errors (codes and request targets in one place).</summary>
public static class EvictionErrors
{
    public static CompressorException BudgetTooSmall(int budget, int required, string what, string target = "context.kv_budget") =>
        new(ErrorKind.Unprocessable, "kv_budget_too_small",
            $"a KV budget of {budget} cells cannot hold {what} ({required} cells); raise the budget", target);

    public static CompressorException BudgetInvalid(string message, string target = "context.kv_budget") =>
        CompressorException.BadRequest("kv_budget_invalid", message, target);

    public static CompressorException BudgetExceedsContext(int budget, int chunk, int contextSize) =>
        new(ErrorKind.TooLarge, "kv_budget_exceeds_context",
            $"a KV budget of {budget} cells plus a {chunk}-token chunk needs {budget + chunk} cells; the configured context holds {contextSize}", "context.kv_budget");

    public static CompressorException ContextTooLarge(int tokens, int limit) =>
        new(ErrorKind.TooLarge, "context_too_large",
            $"the context is {tokens} tokens; eviction reads at most {limit} (Compressor:Eviction:MaxContextTokens)", "context.text");

    public static CompressorException CannotShift(string model) =>
        new(ErrorKind.Unprocessable, "kv_cache_cannot_shift",
            $"the KV cache of model '{model}' cannot shift positions, which closing gaps after eviction needs; use keep_positions or another model", "context.eviction");

    public static CompressorException UnknownPolicy(string? name) =>
        CompressorException.BadRequest("eviction_policy_unknown",
            $"unknown eviction policy '{name}'; use one of {string.Join(", ", EvictionPolicies.Names)}", "context.eviction");

    public static CompressorException InvalidSetting(string message, string target) =>
        CompressorException.BadRequest("eviction_invalid", message, target);

    public static CompressorException RemoveRefused(int start, int end) =>
        new(ErrorKind.Unprocessable, "kv_remove_refused",
            $"llama.cpp refused to remove positions [{start}, {end}) from the cache (a recurrent model cannot drop part of its state)", "context.eviction");
}
