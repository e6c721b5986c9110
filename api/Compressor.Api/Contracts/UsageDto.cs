namespace Compressor.Api.Contracts;

public sealed record UsageDto(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
