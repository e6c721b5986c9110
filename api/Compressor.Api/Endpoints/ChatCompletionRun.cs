using System.Text.Json.Nodes;
using Compressor.Api.Contracts;
using Compressor.Compression.Errors;
using Compressor.Constraints;
using Compressor.Engine.Constrained;
using Compressor.Engine.Generation;

namespace Compressor.Api.Endpoints;

/// <summary>One chat completion's generation: free text through the generation service, or JSON under a schema through constrained decoding.</summary>
public sealed class ChatCompletionRun(HttpContext http, TextGenerationService generator, GenerateRequest generate, JsonNode? schema)
{
    /// <summary>Used until the service registers its own compiler (its cache is keyed by the schema text).</summary>
    private static readonly ConstraintCompiler SharedCompiler = new();

    public Task<GenerationOutcome> RunAsync(Action<string>? onText, CancellationToken cancellationToken)
    {
        var template = new GenerationRequest
        {
            PromptTokens = [],
            MaxTokens = generate.MaxTokens,
            Sampling = new SamplingSettings(generate.Temperature, generate.TopP, generate.Seed ?? Random.Shared.Next()),
            Stop = generate.Stop ?? [],
        };
        var messages = generate.Messages!.Select(m => (m.Role, m.Content)).ToList();
        return schema is null
            ? generator.GenerateAsync(generate.Model, null, messages, template, onText, cancellationToken)
            : ConstrainedAsync(template, messages, onText, cancellationToken);
    }

    /// <summary>
    /// Structured output: the schema compiled by the constraint compiler and decoded by the
    /// constrained-generation engine (AWRS, one particle), so the text always parses and conforms.
    /// </summary>
    private async Task<GenerationOutcome> ConstrainedAsync(GenerationRequest template, List<(string Role, string Content)> messages, Action<string>? onText,
        CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var compiler = services.GetService<ConstraintCompiler>() ?? SharedCompiler;
        var engine = services.GetService<ConstrainedGenerationService>() ?? ActivatorUtilities.CreateInstance<ConstrainedGenerationService>(services);
        try
        {
            var constraint = compiler.Compile(ConstraintKind.JsonSchema, schema);
            var outcome = await engine.GenerateAsync(generate.Model, null, messages, new ConstrainedRequest
            {
                PromptTokens = [],
                Constraint = constraint,
                MaxTokens = template.MaxTokens,
                Stop = template.Stop,
                Sampling = new ConstrainedSampling
                {
                    Temperature = template.Sampling.Temperature,
                    TopP = template.Sampling.TopP,
                    Seed = template.Sampling.Seed,
                },
            }, onText, cancellationToken).ConfigureAwait(false);
            var r = outcome.Result;
            return new GenerationOutcome(outcome.ModelId, outcome.ModelFingerprint,
                new GenerationResult(r.Text, r.Tokens, r.FinishReason, r.PromptTokens, r.Tokens.Count, r.Timings), outcome.QueueMs);
        }
        catch (CompressorException e) when (e.Target?.StartsWith("constraint", StringComparison.Ordinal) == true)
        {
            // The constraint code names /v1/generate's field; here the schema came from response_format.
            throw new CompressorException(e.Kind, e.Code, e.Message, "response_format.json_schema.schema", e) { RetryAfterSeconds = e.RetryAfterSeconds };
        }
    }
}
