namespace Compressor.Constraints.Gbnf;

/// <summary>A parsed and checked GBNF grammar: rules in source order, looked up by name.</summary>
public sealed class GbnfGrammar
{
    public const string RootRule = "root";

    public GbnfGrammar(IReadOnlyList<GbnfRule> rules)
    {
        Rules = rules;
        RulesByName = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<GbnfRule> Rules { get; }

    public IReadOnlyDictionary<string, GbnfRule> RulesByName { get; }

    public GbnfRule Root => RulesByName[RootRule];

    /// <summary>Canonical GBNF text of the whole grammar.</summary>
    public override string ToString() => GbnfWriter.Write(this);
}
