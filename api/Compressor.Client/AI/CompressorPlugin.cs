using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Compressor.Client.Contracts;
using Microsoft.Extensions.AI;

namespace Compressor.Client.AI;

/// <summary>
/// Compressor's tools for agents: compress a text, count tokens, generate JSON under a schema. The
/// methods carry descriptions; <see cref="AsAIFunctions"/> makes them <see cref="AIFunction"/>s
/// for any M.E.AI agent, and Semantic Kernel imports those as kernel functions.
/// </summary>
public sealed class CompressorPlugin(CompressorClient client)
{
    [Description("Compresses a long text to a fraction of its tokens, keeping what matters most (for the question, when one is given). Returns the compressed text and token counts.")]
    public async Task<CompressedText> CompressAsync(
        [Description("The text to compress.")] string text,
        [Description("Fraction of the tokens to keep, in (0, 1]; 0.25 keeps a quarter.")] double ratio = 0.5,
        [Description("Optional question the compressed text must still answer.")] string? question = null,
        [Description("Method: extract (default; keeps the most relevant sentences), truncate (head and tail) or summarize (rewrites with the model).")] string method = "extract",
        CancellationToken cancellationToken = default)
    {
        var result = await client.CompressAsync(new CompressRequest
        {
            Text = text,
            Method = method,
            Target = CompressionTarget.ToRatio(ratio),
            Question = string.IsNullOrWhiteSpace(question) ? null : question,
        }, cancellationToken).ConfigureAwait(false);
        return new CompressedText(result.Text, result.OriginalTokens, result.CompressedTokens, result.Ratio, result.BudgetMet);
    }

    [Description("Counts the tokens of a text in a model's vocabulary.")]
    public Task<int> CountTokensAsync(
        [Description("The text to count.")] string text,
        [Description("The model whose tokenizer counts; leave out for the service's default model.")] string? model = null,
        CancellationToken cancellationToken = default) =>
        client.CountTokensAsync(text, string.IsNullOrWhiteSpace(model) ? null : model, cancellationToken);

    [Description("Generates a JSON value that is guaranteed to match a JSON Schema (constrained decoding) and returns it.")]
    public async Task<JsonElement> GenerateJsonAsync(
        [Description("What to generate, in words.")] string prompt,
        [Description("The JSON Schema the output must match, as a JSON object.")] JsonElement schema,
        [Description("Upper bound on generated tokens.")] int maxTokens = 256,
        CancellationToken cancellationToken = default)
    {
        var result = await client.GenerateAsync(new GenerateRequest
        {
            Messages = [new ChatTurn("user", prompt)],
            Constraint = Constraint.JsonSchema(schema),
            MaxTokens = maxTokens,
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(result.Text);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"the generated JSON is incomplete (finish reason '{result.FinishReason}' after {result.Usage.CompletionTokens} tokens); raise maxTokens", e);
        }
    }

    /// <summary>The three functions, named compress_text, count_tokens and generate_json.</summary>
    public IEnumerable<AIFunction> AsAIFunctions()
    {
        yield return Create(nameof(CompressAsync), "compress_text");
        yield return Create(nameof(CountTokensAsync), "count_tokens");
        yield return Create(nameof(GenerateJsonAsync), "generate_json");
    }

    private AIFunction Create(string method, string name) =>
        AIFunctionFactory.Create(typeof(CompressorPlugin).GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!, this,
            new AIFunctionFactoryOptions { Name = name });
}
