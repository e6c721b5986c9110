using System.Globalization;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;

namespace Compressor.Constraints.Regex;

/// <summary>
/// Recursive-descent parser for the regular subset of regex syntax, producing GBNF nodes directly.
/// In JSON mode the nodes describe the JSON-escaped text of a string's content, so quotes,
/// backslashes and common controls appear as their escapes. Non-regular features are rejected.
/// </summary>
internal sealed class RegexParser
{
    private readonly string _p;
    private readonly bool _json;
    private readonly string _target;
    private readonly int _maxRepetition;
    private int _pos;

    public RegexParser(string pattern, bool jsonMode, string target, int maxRepetition)
    {
        _p = pattern;
        _json = jsonMode;
        _target = target;
        _maxRepetition = maxRepetition;
    }

    /// <summary>Top-level alternatives, each with whether it was anchored at its start and end.</summary>
    public List<(GbnfNode Body, bool AtStart, bool AtEnd)> ParseTop()
    {
        var result = new List<(GbnfNode, bool, bool)>();
        while (true)
        {
            var atStart = Eat('^') || EatEscape('A');
            var items = ParseSequenceItems(topLevel: true, out var atEnd);
            result.Add((Seq(items), atStart, atEnd));
            if (_pos >= _p.Length)
            {
                return result;
            }

            if (_p[_pos] == ')')
            {
                throw Error("unbalanced ')'", _pos);
            }

            _pos++; // '|'
        }
    }

    private bool Eat(char c)
    {
        if (_pos < _p.Length && _p[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool EatEscape(char c)
    {
        if (_pos + 1 < _p.Length && _p[_pos] == '\\' && _p[_pos + 1] == c)
        {
            _pos += 2;
            return true;
        }

        return false;
    }

    private static GbnfNode Seq(List<GbnfNode> items) => items.Count == 1 ? items[0] : new GbnfSequence(items);

    private GbnfNode ParseAlternation()
    {
        var alternatives = new List<GbnfNode>();
        while (true)
        {
            alternatives.Add(Seq(ParseSequenceItems(topLevel: false, out _)));
            if (!Eat('|'))
            {
                return alternatives.Count == 1 ? alternatives[0] : new GbnfAlternation(alternatives);
            }
        }
    }

    private List<GbnfNode> ParseSequenceItems(bool topLevel, out bool anchoredEnd)
    {
        anchoredEnd = false;
        var items = new List<GbnfNode>();
        while (_pos < _p.Length && _p[_pos] is not '|' and not ')')
        {
            var start = _pos;
            if (_p[_pos] == '$' || (_p[_pos] == '\\' && _pos + 1 < _p.Length && _p[_pos + 1] is 'z' or 'Z'))
            {
                _pos += _p[_pos] == '$' ? 1 : 2;
                if (!topLevel || (_pos < _p.Length && _p[_pos] != '|'))
                {
                    throw Error("anchor '$' is only supported at the end of the pattern", start);
                }

                anchoredEnd = true;
                break;
            }

            if (_p[_pos] == '^')
            {
                throw Error("anchor '^' is only supported at the start of the pattern", start);
            }

            var atom = ParseAtom();
            items.Add(ParseQuantifiers(atom));
        }

        return items;
    }

    private GbnfNode ParseQuantifiers(GbnfNode atom)
    {
        while (_pos < _p.Length)
        {
            var qStart = _pos;
            int min;
            int? max;
            switch (_p[_pos])
            {
                case '*': _pos++; (min, max) = (0, null); break;
                case '+': _pos++; (min, max) = (1, null); break;
                case '?': _pos++; (min, max) = (0, 1); break;
                case '{' when TryParseBraces(out min, out max): break;
                default: return atom;
            }

            if (max < min)
            {
                throw Error("quantifier has its maximum below its minimum", qStart);
            }

            if (min > _maxRepetition || max > _maxRepetition)
            {
                throw Error($"repetition count exceeds the limit of {_maxRepetition}", qStart);
            }

            if (Eat('+'))
            {
                throw Error("possessive quantifiers are not supported", _pos - 1);
            }

            _ = Eat('?'); // lazy and greedy quantifiers describe the same language
            if (atom is GbnfRepeat)
            {
                atom = new GbnfSequence([atom]);
            }

            atom = new GbnfRepeat(atom, min, max);
        }

        return atom;
    }

    private bool TryParseBraces(out int min, out int? max)
    {
        // Like .NET, a '{' that does not start a well-formed quantifier is a literal.
        var m = System.Text.RegularExpressions.Regex.Match(_p[_pos..], @"^\{(\d{1,9})(,(\d{0,9}))?\}", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        min = 0;
        max = null;
        if (!m.Success)
        {
            return false;
        }

        min = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        max = !m.Groups[2].Success ? min : m.Groups[3].Value.Length == 0 ? null : int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        _pos += m.Length;
        return true;
    }

    private GbnfNode ParseAtom()
    {
        var start = _pos;
        var c = _p[_pos];
        switch (c)
        {
            case '(':
                _pos++;
                ParseGroupPrefix(start);
                var inner = ParseAlternation();
                if (!Eat(')'))
                {
                    throw Error("missing ')'", start);
                }

                return inner is GbnfSequence or GbnfAlternation ? inner : new GbnfSequence([inner]);
            case '[':
                _pos++;
                return ParseClass(start);
            case '.':
                _pos++;
                return Class([new GbnfCharRange('\n', '\n')], negated: true);
            case '\\':
                return ParseEscape(inClass: false, out var node, out _) ? node! : throw Error("internal escape error", start);
            case '*' or '+' or '?':
                throw Error($"quantifier '{c}' has nothing to repeat", start);
            default:
                var cp = char.ConvertToUtf32(_p, _pos);
                _pos += char.IsSurrogatePair(_p, _pos) ? 2 : 1;
                return Char(cp);
        }
    }

    private void ParseGroupPrefix(int start)
    {
        if (!Eat('?'))
        {
            return;
        }

        var rest = _p[_pos..];
        if (rest.StartsWith(':'))
        {
            _pos++;
        }
        else if (rest.StartsWith('=') || rest.StartsWith('!'))
        {
            throw Error("lookahead assertions are not supported", start);
        }
        else if (rest.StartsWith("<=", StringComparison.Ordinal) || rest.StartsWith("<!", StringComparison.Ordinal))
        {
            throw Error("lookbehind assertions are not supported", start);
        }
        else if (rest.StartsWith('>'))
        {
            throw Error("atomic groups are not supported", start);
        }
        else if (rest.StartsWith('('))
        {
            throw Error("conditionals are not supported", start);
        }
        else if (rest.StartsWith("P=", StringComparison.Ordinal))
        {
            throw Error("backreferences are not supported", start);
        }
        else if (rest.StartsWith('<') || rest.StartsWith('\'') || rest.StartsWith("P<", StringComparison.Ordinal))
        {
            var close = rest.StartsWith('\'') ? '\'' : '>';
            var end = _p.IndexOf(close, _pos + 1);
            if (end < 0)
            {
                throw Error("unterminated group name", start);
            }

            _pos = end + 1;
        }
        else
        {
            throw Error("inline options and other '(?' constructs are not supported", start);
        }
    }

    private GbnfNode ParseClass(int start)
    {
        var negated = Eat('^');
        var ranges = new List<GbnfCharRange>();
        var first = true;
        while (true)
        {
            if (_pos >= _p.Length)
            {
                throw Error("missing ']'", start);
            }

            if (_p[_pos] == ']' && !first)
            {
                _pos++;
                break;
            }

            first = false;
            if (_p[_pos] == '[' && _pos + 1 < _p.Length && _p[_pos + 1] is ':' or '=' or '.')
            {
                throw Error("POSIX character classes are not supported", _pos);
            }

            if (_p[_pos] == '&' && _pos + 1 < _p.Length && _p[_pos + 1] == '&')
            {
                throw Error("class intersection '&&' is not supported", _pos);
            }

            if (_p[_pos] == '-' && _pos + 1 < _p.Length && (_p[_pos + 1] == '[' || (_p[_pos + 1] == '-' && _pos + 2 < _p.Length && _p[_pos + 2] == '[')))
            {
                throw Error("class subtraction is not supported", _pos);
            }

            var low = ParseClassChar(ranges);
            if (low < 0)
            {
                continue;
            }

            if (_pos + 1 < _p.Length && _p[_pos] == '-' && _p[_pos + 1] != ']')
            {
                var dash = _pos++;
                var high = ParseClassChar(ranges);
                if (high < 0)
                {
                    throw Error("a class escape cannot end a range", dash);
                }

                if (high < low)
                {
                    throw Error("character range is out of order", dash);
                }

                ranges.Add(new GbnfCharRange(low, high));
            }
            else
            {
                ranges.Add(new GbnfCharRange(low, low));
            }
        }

        return Class(ranges, negated);
    }

    /// <summary>One class member: returns its code point, or -1 after adding a class escape's ranges.</summary>
    private int ParseClassChar(List<GbnfCharRange> ranges)
    {
        if (_p[_pos] != '\\')
        {
            var cp = char.ConvertToUtf32(_p, _pos);
            _pos += char.IsSurrogatePair(_p, _pos) ? 2 : 1;
            return cp;
        }

        ParseEscape(inClass: true, out _, out var set);
        if (set is { } s)
        {
            if (s.Single)
            {
                return s.Ranges[0].Low;
            }

            ranges.AddRange(s.Ranges);
        }

        return -1;
    }

    /// <summary>Parses an escape at _pos. Outside classes returns a node; inside, a range set.</summary>
    private bool ParseEscape(bool inClass, out GbnfNode? node, out (List<GbnfCharRange> Ranges, bool Single)? set)
    {
        var start = _pos;
        if (_pos + 1 >= _p.Length)
        {
            throw Error("pattern ends with '\\'", start);
        }

        var e = _p[_pos + 1];
        _pos += 2;
        List<GbnfCharRange>? ranges = e switch
        {
            'd' => [.. CharRanges.Digit],
            'D' => CharRanges.Complement(CharRanges.Digit),
            'w' => [.. CharRanges.Word],
            'W' => CharRanges.Complement(CharRanges.Word),
            's' => [.. CharRanges.Space],
            'S' => CharRanges.Complement(CharRanges.Space),
            _ => null,
        };
        if (ranges is null)
        {
            var cp = e switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'f' => '\f',
                'v' => '\v',
                'a' => '\a',
                'e' => 0x1B,
                '0' => 0,
                'b' when inClass => '\b',
                'x' => ParseHexEscape(start),
                'u' => ParseHex(4, start),
                'b' or 'B' => throw Error("word boundaries (\\b, \\B) are not supported", start),
                >= '1' and <= '9' or 'k' => throw Error("backreferences are not supported", start),
                'p' or 'P' => throw Error("Unicode categories (\\p, \\P) are not supported", start),
                'A' or 'z' or 'Z' or 'G' => throw Error($"anchor '\\{e}' is only supported at the ends of the pattern", start),
                _ when char.IsAsciiLetterOrDigit(e) => throw Error($"unknown escape '\\{e}'", start),
                _ => e,
            };
            ranges = [new GbnfCharRange(cp, cp)];
            set = (ranges, true);
            node = inClass ? null : Char(cp);
            return true;
        }

        set = (ranges, false);
        node = inClass ? null : Class(ranges, negated: false);
        return true;
    }

    private int ParseHexEscape(int start)
    {
        if (Eat('{'))
        {
            var end = _p.IndexOf('}', _pos);
            if (end < 0 || end == _pos || end - _pos > 6 || !int.TryParse(_p.AsSpan(_pos, end - _pos), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) || v > CharRanges.MaxCodePoint)
            {
                throw Error("malformed \\x{...} escape", start);
            }

            _pos = end + 1;
            return v;
        }

        return ParseHex(2, start);
    }

    private int ParseHex(int digits, int start)
    {
        if (_pos + digits > _p.Length || !int.TryParse(_p.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            throw Error($"expecting {digits} hex digits", start);
        }

        _pos += digits;
        return v;
    }

    private GbnfNode Char(int cp) => Class([new GbnfCharRange(cp, cp)], negated: false);

    private GbnfNode Class(List<GbnfCharRange> ranges, bool negated) =>
        _json
            ? JsonText.ForClass(ranges, negated) ?? throw Error("the class matches no character a JSON string can hold", _pos)
            : SimplifyClass(ranges, negated);

    private static GbnfNode SimplifyClass(List<GbnfCharRange> ranges, bool negated)
    {
        var normalized = CharRanges.Normalize(ranges);
        return !negated && normalized is [var only] && only.Low == only.High
            ? new GbnfLiteral(char.ConvertFromUtf32(only.Low))
            : new GbnfCharClass(normalized, negated);
    }

    private CompressorException Error(string message, int position) =>
        CompressorException.BadRequest(
            "unsupported_regex",
            string.Create(CultureInfo.InvariantCulture, $"Regex error at position {position}: {message}."),
            string.Create(CultureInfo.InvariantCulture, $"{_target}@{position}"));
}
