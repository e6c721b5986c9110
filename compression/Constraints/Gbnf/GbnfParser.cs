using System.Globalization;
using Compressor.Compression.Errors;

namespace Compressor.Constraints.Gbnf;

/// <summary>
/// Parses llama.cpp's GBNF dialect into an AST, then checks it with <see cref="GbnfAnalyzer"/>.
/// Whitespace rules follow llama.cpp: a rule ends at a newline unless inside parentheses or right
/// after <c>::=</c> or <c>|</c>; <c>#</c> starts a comment. Rule names are letters, digits and '-'.
/// </summary>
public sealed class GbnfParser
{
    private readonly string _src;
    private readonly GbnfLimits _limits;
    private int _pos;
    private int _positionOffset;
    private int _positionLine = 1;
    private int _positionLineStart;

    private GbnfParser(string source, GbnfLimits limits)
    {
        _src = source;
        _limits = limits;
    }

    /// <summary>Parses and validates; every problem is a 400 with code <c>invalid_grammar</c> and a line/column.</summary>
    public static GbnfGrammar Parse(string source, GbnfLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= GbnfLimits.Default;
        if (source.Length > limits.MaxTextLength)
        {
            throw CompressorException.BadRequest(
                "grammar_too_large", $"The grammar has {source.Length} characters; the limit is {limits.MaxTextLength}.", "grammar");
        }

        var grammar = new GbnfParser(source, limits).ParseGrammar();
        GbnfAnalyzer.Check(grammar, limits);
        return grammar;
    }

    private GbnfGrammar ParseGrammar()
    {
        var rules = new List<GbnfRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        SkipSpace(newlineOk: true);
        while (_pos < _src.Length)
        {
            var (line, col) = Position(_pos);
            var name = ParseName();
            if (!seen.Add(name))
            {
                throw Error($"rule '{name}' is defined twice", line, col);
            }

            SkipSpace(newlineOk: false);
            if (string.CompareOrdinal(_src, _pos, "::=", 0, 3) != 0)
            {
                throw Error("expecting ::=");
            }

            _pos += 3;
            SkipSpace(newlineOk: true);
            var body = ParseAlternates(nested: false);
            rules.Add(new GbnfRule(name, body, line, col));
            if (rules.Count > _limits.MaxRules)
            {
                throw Error($"more than {_limits.MaxRules} rules");
            }

            if (_pos < _src.Length)
            {
                if (_src[_pos] == '\r')
                {
                    _pos += _pos + 1 < _src.Length && _src[_pos + 1] == '\n' ? 2 : 1;
                }
                else if (_src[_pos] == '\n')
                {
                    _pos++;
                }
                else
                {
                    throw Error($"expecting newline or end, found '{_src[_pos]}'");
                }
            }

            SkipSpace(newlineOk: true);
        }

        return new GbnfGrammar(rules);
    }

    private string ParseName()
    {
        var start = _pos;
        while (_pos < _src.Length && IsWordChar(_src[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(_pos < _src.Length ? $"expecting a rule name, found '{_src[_pos]}'" : "expecting a rule name");
        }

        return _src[start.._pos];
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private GbnfNode ParseAlternates(bool nested)
    {
        var alternatives = new List<GbnfNode> { ParseSequence(nested) };
        while (_pos < _src.Length && _src[_pos] == '|')
        {
            _pos++;
            SkipSpace(newlineOk: true);
            alternatives.Add(ParseSequence(nested));
        }

        return alternatives.Count == 1 ? alternatives[0] : new GbnfAlternation(alternatives);
    }

    private GbnfNode ParseSequence(bool nested)
    {
        var items = new List<GbnfNode>();
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c == '"')
            {
                _pos++;
                items.Add(ParseLiteral());
            }
            else if (c == '[')
            {
                _pos++;
                items.Add(ParseClass());
            }
            else if (c == '.')
            {
                _pos++;
                items.Add(GbnfCharClass.Any);
            }
            else if (c == '(')
            {
                _pos++;
                SkipSpace(newlineOk: true);
                var inner = ParseAlternates(nested: true);
                if (_pos >= _src.Length || _src[_pos] != ')')
                {
                    throw Error("expecting ')'");
                }

                _pos++;
                items.Add(inner is GbnfSequence or GbnfAlternation ? inner : new GbnfSequence([inner]));
            }
            else if (IsWordChar(c))
            {
                var (line, col) = Position(_pos);
                items.Add(new GbnfRuleRef(ParseName(), line, col));
            }
            else if (c is '*' or '+' or '?' or '{')
            {
                if (items.Count == 0)
                {
                    throw Error($"expecting an item before '{c}'");
                }

                items[^1] = ParseQuantifier(items[^1]);
            }
            else
            {
                break;
            }

            SkipSpace(nested);
        }

        return items.Count == 1 ? items[0] : new GbnfSequence(items);
    }

    private GbnfRepeat ParseQuantifier(GbnfNode item)
    {
        var c = _src[_pos++];
        switch (c)
        {
            case '*': return new GbnfRepeat(item, 0, null);
            case '+': return new GbnfRepeat(item, 1, null);
            case '?': return new GbnfRepeat(item, 0, 1);
        }

        SkipSpace(newlineOk: false);
        var min = ParseInt();
        int? max = min;
        SkipSpace(newlineOk: false);
        if (_pos < _src.Length && _src[_pos] == ',')
        {
            _pos++;
            SkipSpace(newlineOk: false);
            max = _pos < _src.Length && char.IsAsciiDigit(_src[_pos]) ? ParseInt() : null;
            SkipSpace(newlineOk: false);
        }

        if (_pos >= _src.Length || _src[_pos] != '}')
        {
            throw Error("expecting '}'");
        }

        _pos++;
        if (max < min)
        {
            throw Error($"repetition {{{min},{max}}} has its maximum below its minimum");
        }

        if (min > _limits.MaxRepetition || max > _limits.MaxRepetition)
        {
            throw Error($"repetition count exceeds the limit of {_limits.MaxRepetition}");
        }

        return new GbnfRepeat(item, min, max);
    }

    private int ParseInt()
    {
        var start = _pos;
        while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("expecting a number");
        }

        return _pos - start > 9 || !int.TryParse(_src.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? throw Error($"repetition count exceeds the limit of {_limits.MaxRepetition}")
            : value;
    }

    private GbnfLiteral ParseLiteral()
    {
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length)
            {
                throw Error("unexpected end of input in a literal");
            }

            if (_src[_pos] == '"')
            {
                _pos++;
                return new GbnfLiteral(sb.ToString());
            }

            sb.Append(char.ConvertFromUtf32(ParseChar()));
        }
    }

    private GbnfCharClass ParseClass()
    {
        var negated = false;
        if (_pos < _src.Length && _src[_pos] == '^')
        {
            negated = true;
            _pos++;
        }

        var ranges = new List<GbnfCharRange>();
        while (true)
        {
            if (_pos >= _src.Length)
            {
                throw Error("unexpected end of input in a character class");
            }

            if (_src[_pos] == ']')
            {
                _pos++;
                return new GbnfCharClass(ranges, negated);
            }

            var low = ParseChar();
            var high = low;
            if (_pos + 1 < _src.Length && _src[_pos] == '-' && _src[_pos + 1] != ']')
            {
                _pos++;
                high = ParseChar();
                if (high < low)
                {
                    throw Error($"character range is reversed (U+{low:X4} > U+{high:X4})");
                }
            }

            ranges.Add(new GbnfCharRange(low, high));
        }
    }

    private int ParseChar()
    {
        if (_src[_pos] != '\\')
        {
            var cp = char.ConvertToUtf32(_src, _pos);
            _pos += char.IsSurrogatePair(_src, _pos) ? 2 : 1;
            return cp;
        }

        if (_pos + 1 >= _src.Length)
        {
            throw Error("unexpected end of input after '\\'");
        }

        var e = _src[_pos + 1];
        _pos += 2;
        return e switch
        {
            'x' => ParseHex(2),
            'u' => ParseHex(4),
            'U' => ParseHex(8),
            't' => '\t',
            'r' => '\r',
            'n' => '\n',
            '\\' or '"' or '[' or ']' => e,
            _ => throw Error($"unknown escape '\\{e}'", _pos - 2),
        };
    }

    private int ParseHex(int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            if (_pos >= _src.Length || !char.IsAsciiHexDigit(_src[_pos]))
            {
                throw Error($"expecting {digits} hex digits");
            }

            value = (value * 16) + Convert.ToInt32(_src[_pos].ToString(), 16);
            _pos++;
        }

        return value is < 0 or > 0x10FFFF ? throw Error("code point out of range") : value;
    }

    private void SkipSpace(bool newlineOk)
    {
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c is ' ' or '\t')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _src.Length && _src[_pos] is not '\n' and not '\r')
                {
                    _pos++;
                }
            }
            else if (newlineOk && c is '\n' or '\r')
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// Line and column of an offset. Offsets mostly grow as the parser advances, so the scan resumes
    /// from the last answer (linear over the whole parse, not quadratic); an earlier offset rescans.
    /// </summary>
    private (int Line, int Column) Position(int offset)
    {
        offset = Math.Min(offset, _src.Length);
        if (offset < _positionOffset)
        {
            (_positionOffset, _positionLine, _positionLineStart) = (0, 1, 0);
        }

        for (var i = _positionOffset; i < offset; i++)
        {
            if (_src[i] == '\n')
            {
                _positionLine++;
                _positionLineStart = i + 1;
            }
        }

        _positionOffset = offset;
        return (_positionLine, offset - _positionLineStart + 1);
    }

    private CompressorException Error(string message, int? offset = null)
    {
        var (line, col) = Position(offset ?? _pos);
        return Error(message, line, col);
    }

    internal static CompressorException Error(string message, int line, int col) =>
        CompressorException.BadRequest(
            "invalid_grammar",
            string.Create(CultureInfo.InvariantCulture, $"GBNF error at line {line}, column {col}: {message}."),
            string.Create(CultureInfo.InvariantCulture, $"grammar:{line}:{col}"));
}
