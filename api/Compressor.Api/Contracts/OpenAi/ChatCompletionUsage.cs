namespace Compressor.Api.Contracts.OpenAi;

/// <summary>Token counts in the generating model's vocabulary (prompt = after compression, with the chat template).</summary>
public sealed record ChatCompletionUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
