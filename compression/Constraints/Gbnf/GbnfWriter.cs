using System.Globalization;
using System.Text;

namespace Compressor.Constraints.Gbnf;

/// <summary>Writes AST nodes back as GBNF text that llama.cpp's parser accepts.</summary>
public static class GbnfWriter
{
    public static string Write(GbnfGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        var sb = new StringBuilder();
        foreach (var rule in grammar.Rules)
        {
            sb.Append(rule.Name).Append(" ::= ");
            WriteTop(sb, rule.Body);
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A node as it would appear as a whole rule body (alternatives unparenthesized).</summary>
    public static string WriteBody(GbnfNode node)
    {
        var sb = new StringBuilder();
        WriteTop(sb, node);
        return sb.ToString();
    }

    /// <summary>A node as an atom, safe to place in a sequence or under a repetition.</summary>
    public static string WriteAtom(GbnfNode node)
    {
        var sb = new StringBuilder();
        WriteItem(sb, node, asAtom: true);
        return sb.ToString();
    }

    private static void WriteTop(StringBuilder sb, GbnfNode node)
    {
        if (node is GbnfAlternation alternation)
        {
            for (var i = 0; i < alternation.Alternatives.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(" | ");
                }

                WriteSequenceContent(sb, alternation.Alternatives[i]);
            }
        }
        else
        {
            WriteSequenceContent(sb, node);
        }
    }

    private static void WriteSequenceContent(StringBuilder sb, GbnfNode node)
    {
        if (node is GbnfSequence sequence)
        {
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(' ');
                }

                WriteItem(sb, sequence.Items[i], asAtom: false);
            }
        }
        else
        {
            WriteItem(sb, node, asAtom: false);
        }
    }

    private static void WriteItem(StringBuilder sb, GbnfNode node, bool asAtom)
    {
        switch (node)
        {
            case GbnfLiteral literal:
                WriteLiteral(sb, literal.Text);
                break;
            case GbnfCharClass cls:
                WriteClass(sb, cls);
                break;
            case GbnfRuleRef reference:
                sb.Append(reference.Name);
                break;
            case GbnfSequence { Items.Count: 1 } single:
                WriteItem(sb, single.Items[0], asAtom);
                break;
            case GbnfSequence or GbnfAlternation:
                sb.Append('(');
                WriteTop(sb, node);
                sb.Append(')');
                break;
            case GbnfRepeat repeat:
                // A quantified item under another quantifier needs its own group: "a*{2}" is not GBNF.
                if (asAtom)
                {
                    sb.Append('(');
                }

                WriteItem(sb, repeat.Item, asAtom: true);
                WriteQuantifier(sb, repeat);
                if (asAtom)
                {
                    sb.Append(')');
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown GBNF node {node.GetType().Name}.");
        }
    }

    private static void WriteQuantifier(StringBuilder sb, GbnfRepeat repeat)
    {
        var q = (repeat.Min, repeat.Max) switch
        {
            (0, null) => "*",
            (1, null) => "+",
            (0, 1) => "?",
            (var m, null) => string.Create(CultureInfo.InvariantCulture, $"{{{m},}}"),
            (var m, var n) when m == n => string.Create(CultureInfo.InvariantCulture, $"{{{m}}}"),
            (var m, var n) => string.Create(CultureInfo.InvariantCulture, $"{{{m},{n}}}"),
        };
        sb.Append(q);
    }

    public static void WriteLiteral(StringBuilder sb, string text)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(text);
        sb.Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            AppendChar(sb, rune.Value, inClass: false);
        }

        sb.Append('"');
    }

    private static void WriteClass(StringBuilder sb, GbnfCharClass cls)
    {
        if (cls.IsAny)
        {
            sb.Append('.');
            return;
        }

        sb.Append('[');
        if (cls.Negated)
        {
            sb.Append('^');
        }

        foreach (var range in cls.Ranges)
        {
            AppendChar(sb, range.Low, inClass: true);
            if (range.High != range.Low)
            {
                sb.Append('-');
                AppendChar(sb, range.High, inClass: true);
            }
        }

        sb.Append(']');
    }

    private static void AppendChar(StringBuilder sb, int cp, bool inClass)
    {
        switch (cp)
        {
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\\': sb.Append("\\\\"); return;
            case '"': sb.Append("\\\""); return;
            case '[' or ']' when inClass: sb.Append('\\').Append((char)cp); return;
            case '-' or '^' when inClass: sb.Append(cp == '-' ? "\\x2D" : "\\x5E"); return;
        }

        if (cp < 0x20 || cp == 0x7F)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\x{cp:X2}");
        }
        else if (cp is >= 0xD800 and <= 0xDFFF or 0xFFFE or 0xFFFF)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{cp:X4}");
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }
    }
}
