using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;
using Compressor.Constraints.JsonSchema;
using Compressor.Constraints.Regex;
using Compressor.Constraints.Validation;

namespace Compressor.Constraints;

/// <summary>
/// Turns a request's constraint (type + value) into GBNF plus an output validator. Results are cached
/// in a bounded LRU keyed by a SHA-256 of type and canonical value text; safe to share across threads.
/// </summary>
public sealed class ConstraintCompiler(int capacity = 256)
{
    public const int MaxChoices = 10_000;

    private readonly LruCache<string, CompiledConstraint> _cache = new(Math.Max(1, capacity));

    public int CachedCount => _cache.Count;

    public static ConstraintKind ParseKind(string? type) => type switch
    {
        "json_schema" => ConstraintKind.JsonSchema,
        "regex" => ConstraintKind.Regex,
        "grammar" => ConstraintKind.Grammar,
        "choice" => ConstraintKind.Choice,
        _ => throw CompressorException.BadRequest(
            "invalid_constraint", $"Unknown constraint type '{type}'; use json_schema, regex, grammar or choice.", "constraint.type"),
    };

    public CompiledConstraint Compile(string type, JsonNode? value) => Compile(ParseKind(type), value);

    public CompiledConstraint Compile(ConstraintKind kind, JsonNode? value)
    {
        var key = Key(kind, value);
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var compiled = kind switch
        {
            ConstraintKind.JsonSchema => CompileSchema(value),
            ConstraintKind.Regex => CompileRegex(Text(value)),
            ConstraintKind.Grammar => CompileGrammar(Text(value)),
            _ => CompileChoice(value),
        };
        _cache.Set(key, compiled);
        return compiled;
    }

    private static CompiledConstraint CompileSchema(JsonNode? value)
    {
        // A schema may arrive as JSON or as a string holding JSON.
        var schema = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? ParseJson(v.GetValue<string>()) : value;
        var gbnf = JsonSchemaToGbnf.Convert(schema);
        return new CompiledConstraint(ConstraintKind.JsonSchema, gbnf, new JsonSchemaOutputValidator(schema!.DeepClone()));
    }

    private static CompiledConstraint CompileRegex(string pattern)
    {
        var gbnf = RegexToGbnf.Convert(pattern);
        try
        {
            return new CompiledConstraint(ConstraintKind.Regex, gbnf, new RegexOutputValidator(pattern));
        }
        catch (ArgumentException ex)
        {
            throw CompressorException.BadRequest("unsupported_regex", $"The pattern is not valid: {ex.Message}", "constraint.value");
        }
    }

    private static CompiledConstraint CompileGrammar(string gbnf)
    {
        var grammar = GbnfParser.Parse(gbnf);
        return new CompiledConstraint(ConstraintKind.Grammar, gbnf, new GrammarOutputValidator(new GbnfMatcher(grammar)));
    }

    private static CompiledConstraint CompileChoice(JsonNode? value)
    {
        if (value is not JsonArray array || array.Count == 0 || array.Count > MaxChoices
            || array.Any(o => o is not JsonValue ov || ov.GetValueKind() != JsonValueKind.String))
        {
            throw CompressorException.BadRequest(
                "invalid_constraint", $"A choice constraint needs a non-empty array of at most {MaxChoices} strings.", "constraint.value");
        }

        var options = array.Select(o => o!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder("root ::= ");
        for (var i = 0; i < options.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" | ");
            }

            GbnfWriter.WriteLiteral(sb, options[i]);
        }

        sb.Append('\n');
        var gbnf = sb.ToString();
        _ = GbnfParser.Parse(gbnf);
        return new CompiledConstraint(ConstraintKind.Choice, gbnf, new ChoiceOutputValidator(options));
    }

    private static string Text(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw CompressorException.BadRequest("invalid_constraint", "This constraint type needs a string value.", "constraint.value");

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw CompressorException.BadRequest("invalid_schema", $"The schema is not valid JSON: {ex.Message}", "constraint.value");
        }
    }

    private static string Key(ConstraintKind kind, JsonNode? value)
    {
        var text = $"{kind}\n{value?.ToJsonString() ?? "null"}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
