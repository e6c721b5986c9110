namespace Compressor.Constraints.JsonSchema;

/// <summary>
/// The shared GBNF rules of JSON. Whitespace is bounded: nothing, one space, or one newline with at
/// most 20 indent characters between tokens, so a model cannot stall in a whitespace run.
/// </summary>
internal static class PrimitiveRules
{
    public static readonly IReadOnlyDictionary<string, (string Body, string[] Uses)> All = new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
    {
        ["ws"] = ("| \" \" | \"\\n\" [ \\t]{0,20}", []),
        ["value"] = ("object | array | string | number | boolean | null", ["object", "array", "string", "number", "boolean", "null"]),
        ["object"] = ("\"{\" ws (string ws \":\" ws value (ws \",\" ws string ws \":\" ws value)* ws)? \"}\"", ["ws", "string", "value"]),
        ["array"] = ("\"[\" ws (value (ws \",\" ws value)* ws)? \"]\"", ["ws", "value"]),
        ["string"] = ("\"\\\"\" char* \"\\\"\"", ["char"]),
        // \\u escapes leave out surrogates, so every char is one character (minLength counts characters).
        ["char"] = ("[^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" ([0-9a-cA-Ce-fE-F] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}))", []),
        ["integer"] = ("\"-\"? (\"0\" | [1-9] [0-9]{0,19})", []),
        ["number"] = ("integer (\".\" [0-9]{1,20})? ([eE] [-+]? [0-9]{1,4})?", ["integer"]),
        ["boolean"] = ("\"true\" | \"false\"", []),
        ["null"] = ("\"null\"", []),
        ["date"] = ("[0-9]{4} \"-\" (\"0\" [1-9] | \"1\" [0-2]) \"-\" (\"0\" [1-9] | [12] [0-9] | \"3\" [01])", []),
        ["time"] = ("([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" ([0-5] [0-9] | \"60\") (\".\" [0-9]{1,9})? ([Zz] | [+-] ([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9])", []),
        ["date-time"] = ("date [Tt ] time", ["date", "time"]),
        ["uuid"] = ("[0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12}", []),
        ["email"] = ("[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]{1,64} \"@\" [a-zA-Z0-9-]{1,63} (\".\" [a-zA-Z0-9-]{1,63}){1,8}", []),
        ["uri"] = ("[a-zA-Z] [a-zA-Z0-9+.-]{0,30} \":\" [^ \"\\\\<>{}|^`\\x00-\\x1F\\x7F]{1,2000}", []),
        ["ipv4"] = ("ipv4-octet (\".\" ipv4-octet){3}", ["ipv4-octet"]),
        ["ipv4-octet"] = ("\"25\" [0-5] | \"2\" [0-4] [0-9] | \"1\" [0-9] [0-9] | [1-9] [0-9] | [0-9]", []),
    };

    /// <summary>The string formats with a grammar; other formats are annotations (JSON Schema 2020-12 default).</summary>
    public static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { "date", "time", "date-time", "uuid", "email", "uri", "ipv4" };
}
