namespace Compressor.Engine.Eviction;

/// <summary>KV cells to keep: an absolute count or a ratio of the whole input (context plus question). Exactly one is set.</summary>
public sealed record KvBudget(int? Tokens = null, double? Ratio = null)
{
    public int Resolve(int inputTokens)
    {
        if (Tokens is null == Ratio is null)
        {
            throw EvictionErrors.BudgetInvalid("kv_budget needs exactly one of tokens or ratio");
        }

        if (Tokens is int t)
        {
            return t >= 1 ? t : throw EvictionErrors.BudgetInvalid($"kv_budget.tokens must be at least 1, got {t}", "context.kv_budget.tokens");
        }

        var r = Ratio!.Value;
        return double.IsNaN(r) || r <= 0 || r > 1
            ? throw EvictionErrors.BudgetInvalid($"kv_budget.ratio must be in (0, 1], got {r}", "context.kv_budget.ratio")
            : Math.Max(1, (int)Math.Floor(inputTokens * r));
    }
}
