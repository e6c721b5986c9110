using Compressor.Compression.Errors;

namespace Compressor.Constraints.Gbnf;

/// <summary>
/// Semantic checks on a parsed grammar: <c>root</c> exists, every referenced rule is defined, no left
/// recursion (direct or through other rules, possibly behind nullable prefixes, which would make
/// llama.cpp's stack-based engine loop), and the expanded size stays bounded.
/// </summary>
public static class GbnfAnalyzer
{
    public static void Check(GbnfGrammar grammar, GbnfLimits limits)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentNullException.ThrowIfNull(limits);
        if (!grammar.RulesByName.ContainsKey(GbnfGrammar.RootRule))
        {
            throw CompressorException.BadRequest("invalid_grammar", "GBNF error: the grammar has no 'root' rule.", "grammar");
        }

        foreach (var rule in grammar.Rules)
        {
            foreach (var reference in References(rule.Body))
            {
                if (!grammar.RulesByName.ContainsKey(reference.Name))
                {
                    throw GbnfParser.Error($"rule '{reference.Name}' (used by '{rule.Name}') is not defined", reference.Line, reference.Column);
                }
            }
        }

        var nullable = NullableRules(grammar);
        foreach (var rule in grammar.Rules)
        {
            CheckNullableRepeats(rule, rule.Body, nullable);
        }

        CheckLeftRecursion(grammar, nullable);
        long size = 0;
        foreach (var rule in grammar.Rules)
        {
            size += ExpandedSize(rule.Body);
            if (size > limits.MaxExpandedSize)
            {
                throw GbnfParser.Error($"the grammar expands to more than {limits.MaxExpandedSize} elements (rule '{rule.Name}')", rule.Line, rule.Column);
            }
        }
    }

    /// <summary>Rules that can derive the empty string (least fixpoint).</summary>
    public static HashSet<string> NullableRules(GbnfGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        var nullable = new HashSet<string>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var rule in grammar.Rules)
            {
                if (!nullable.Contains(rule.Name) && IsNullable(rule.Body, nullable))
                {
                    nullable.Add(rule.Name);
                    changed = true;
                }
            }
        }
        while (changed);
        return nullable;
    }

    public static bool IsNullable(GbnfNode node, IReadOnlySet<string> nullableRules) => node switch
    {
        GbnfLiteral literal => literal.Text.Length == 0,
        GbnfCharClass => false,
        GbnfRuleRef reference => nullableRules.Contains(reference.Name),
        GbnfSequence sequence => sequence.Items.All(i => IsNullable(i, nullableRules)),
        GbnfAlternation alternation => alternation.Alternatives.Any(a => IsNullable(a, nullableRules)),
        GbnfRepeat repeat => repeat.Min == 0 || IsNullable(repeat.Item, nullableRules),
        _ => false,
    };

    private static void CheckLeftRecursion(GbnfGrammar grammar, HashSet<string> nullable)
    {
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var rule in grammar.Rules)
        {
            var firsts = new List<string>();
            CollectLeftmost(rule, rule.Body, nullable, firsts);
            edges[rule.Name] = firsts;
        }

        // Iterative DFS with colours; a grey target closes a cycle, which we report as a path.
        var colour = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var start in grammar.Rules)
        {
            if (colour.ContainsKey(start.Name))
            {
                continue;
            }

            var stack = new List<(string Name, int Next)> { (start.Name, 0) };
            colour[start.Name] = 1;
            while (stack.Count > 0)
            {
                var (name, next) = stack[^1];
                var targets = edges[name];
                if (next >= targets.Count)
                {
                    colour[name] = 2;
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                stack[^1] = (name, next + 1);
                var target = targets[next];
                colour.TryGetValue(target, out var c);
                if (c == 1)
                {
                    var path = stack.Select(s => s.Name).SkipWhile(n => n != target).Append(target);
                    var rule = grammar.RulesByName[target];
                    throw GbnfParser.Error($"left recursion: {string.Join(" -> ", path)} (rewrite it with repetition, e.g. 'x ::= y (\"op\" y)*')", rule.Line, rule.Column);
                }

                if (c == 0)
                {
                    colour[target] = 1;
                    stack.Add((target, 0));
                }
            }
        }
    }

    /// <summary>Returns whether <paramref name="node"/> is nullable while collecting rules that can start it.</summary>
    private static bool CollectLeftmost(GbnfRule owner, GbnfNode node, HashSet<string> nullable, List<string> firsts)
    {
        switch (node)
        {
            case GbnfRuleRef reference:
                firsts.Add(reference.Name);
                return nullable.Contains(reference.Name);
            case GbnfSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (!CollectLeftmost(owner, item, nullable, firsts))
                    {
                        return false;
                    }
                }

                return true;
            case GbnfAlternation alternation:
                var any = false;
                foreach (var alternative in alternation.Alternatives)
                {
                    any |= CollectLeftmost(owner, alternative, nullable, firsts);
                }

                return any;
            case GbnfRepeat repeat:
                return CollectLeftmost(owner, repeat.Item, nullable, firsts) || repeat.Min == 0;
            default:
                return IsNullable(node, nullable);
        }
    }

    private static void CheckNullableRepeats(GbnfRule owner, GbnfNode node, HashSet<string> nullable)
    {
        switch (node)
        {
            case GbnfSequence sequence:
                foreach (var item in sequence.Items)
                {
                    CheckNullableRepeats(owner, item, nullable);
                }

                break;
            case GbnfAlternation alternation:
                foreach (var alternative in alternation.Alternatives)
                {
                    CheckNullableRepeats(owner, alternative, nullable);
                }

                break;
            case GbnfRepeat repeat:
                if (repeat.Max is null && IsNullable(repeat.Item, nullable))
                {
                    throw GbnfParser.Error(
                        $"rule '{owner.Name}' repeats without bound something that can be empty (like '(a*)*'); expanded, that is left recursion",
                        owner.Line,
                        owner.Column);
                }

                CheckNullableRepeats(owner, repeat.Item, nullable);
                break;
        }
    }

    private static IEnumerable<GbnfRuleRef> References(GbnfNode node)
    {
        var stack = new Stack<GbnfNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case GbnfRuleRef reference:
                    yield return reference;
                    break;
                case GbnfSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        stack.Push(item);
                    }

                    break;
                case GbnfAlternation alternation:
                    foreach (var alternative in alternation.Alternatives)
                    {
                        stack.Push(alternative);
                    }

                    break;
                case GbnfRepeat repeat:
                    stack.Push(repeat.Item);
                    break;
            }
        }
    }

    private static long ExpandedSize(GbnfNode node) => node switch
    {
        GbnfLiteral literal => Math.Max(1, literal.Text.Length),
        GbnfSequence sequence => sequence.Items.Sum(ExpandedSize),
        GbnfAlternation alternation => alternation.Alternatives.Sum(ExpandedSize),
        GbnfRepeat repeat => Math.Min(long.MaxValue / 4, (ExpandedSize(repeat.Item) + 1) * Math.Max(1, repeat.Max ?? (repeat.Min + 1))),
        _ => 1,
    };
}
