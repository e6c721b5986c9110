using System.Text.Json;
using Compressor.Api.Configuration;
using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;

namespace Compressor.Api.Pipeline;

/// <summary>The compression methods this service offers, each with the type of its options record.</summary>
public sealed class MethodCatalog
{
    private readonly Dictionary<string, (IPromptCompressor Compressor, Type? OptionsType)> methods = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => methods.Keys;

    public MethodCatalog Add(IPromptCompressor compressor, Type? optionsType)
    {
        ArgumentNullException.ThrowIfNull(compressor);
        methods[compressor.Method] = (compressor, optionsType);
        return this;
    }

    public IPromptCompressor Get(string? method)
    {
        if (string.IsNullOrWhiteSpace(method))
        {
            throw CompressorException.BadRequest("method_missing", $"method is required (one of: {string.Join(", ", Names)})", "method");
        }

        return methods.TryGetValue(method, out var entry)
            ? entry.Compressor
            : throw CompressorException.BadRequest("method_unknown", $"unknown method '{method}' (one of: {string.Join(", ", Names)})", "method");
    }

    /// <summary>The request's options as the method's own record; unknown fields are a 400 naming them.</summary>
    public object? ParseOptions(string method, JsonElement? options)
    {
        if (options is not { ValueKind: not JsonValueKind.Null } element)
        {
            return null;
        }

        var type = methods[method].OptionsType;
        if (type is null)
        {
            throw CompressorException.BadRequest("options_unsupported", $"method '{method}' takes no options", "options");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw CompressorException.BadRequest("options_invalid", "options must be a JSON object", "options");
        }

        try
        {
            return element.Deserialize(type, ApiJson.Options);
        }
        catch (JsonException e)
        {
            throw CompressorException.BadRequest("options_invalid", $"options do not fit method '{method}': {e.Message.Split(" Path:")[0]}",
                "options" + (e.Path?.TrimStart('$') ?? ""));
        }
    }
}
