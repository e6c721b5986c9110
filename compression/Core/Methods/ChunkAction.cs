namespace Compressor.Compression.Methods;

/// <summary>What happened to a chunk, as reported in details.</summary>
public static class ChunkAction
{
    /// <summary>Left as it was.</summary>
    public const string Kept = "kept";

    /// <summary>Rewritten by the summarizer.</summary>
    public const string Rewritten = "rewritten";

    /// <summary>Left out of the output.</summary>
    public const string Dropped = "dropped";

    /// <summary>A structured block passed through byte-identical.</summary>
    public const string Verbatim = "verbatim";

    /// <summary>A JSON block replaced by its minified form (same data, fewer tokens).</summary>
    public const string Minified = "minified";

    /// <summary>
    /// Original sentences instead of a rewrite: a dropped chunk of which some were put back to fill the
    /// budget or keep a keyword, or a chunk whose rewrite failed the faithfulness check.
    /// </summary>
    public const string Extracted = "extracted";

    /// <summary>A kept or rewritten chunk shortened further to meet the budget.</summary>
    public const string Partial = "partial";
}
