namespace Compressor.Engine.Constrained;

/// <summary>
/// How far a grammar's rejections carry over to longer tokens, read off its GBNF text.
/// llama.cpp matches a token's code points left to right, so once a token ending on a whole
/// character is rejected, every token extending its bytes is rejected too (<see cref="WholeCharacters"/>).
/// A token ending inside a multi-byte character is checked against the character class with the
/// range of code points that the partial sequence could complete to: for a positive class that is
/// generous (any overlap passes), so a rejection still carries over; for a negated class ([^...]) it
/// is strict (any overlap with an excluded character fails) and an extension may pass, but only if
/// the class excludes some non-ASCII character (<see cref="All"/> otherwise). Token references
/// (&lt;[id]&gt;, &lt;|name|&gt;, !&lt;...&gt;) match a token by id, not by bytes: no pruning at all
/// (<see cref="None"/>).
/// </summary>
public enum PrefixPruning
{
    /// <summary>The grammar refers to tokens by id: every token must be checked.</summary>
    None,

    /// <summary>Prune below rejected tokens that end on a whole character only.</summary>
    WholeCharacters,

    /// <summary>Prune below every rejected token.</summary>
    All,
}

/// <summary>Reads <see cref="PrefixPruning"/> off GBNF text (a light scan, conservative where unsure).</summary>
public static class PrefixPruningScan
{
    public static PrefixPruning Of(string gbnf)
    {
        ArgumentNullException.ThrowIfNull(gbnf);
        var negatesNonAscii = false;
        var i = 0;
        while (i < gbnf.Length)
        {
            var c = gbnf[i];
            switch (c)
            {
                case '#':
                    while (i < gbnf.Length && gbnf[i] != '\n' && gbnf[i] != '\r')
                    {
                        i++;
                    }

                    break;
                case '"':
                    i++;
                    while (i < gbnf.Length && gbnf[i] != '"')
                    {
                        i += gbnf[i] == '\\' ? 2 : 1;
                    }

                    if (i >= gbnf.Length)
                    {
                        return PrefixPruning.None; // unterminated: not what llama.cpp parsed, be safe
                    }

                    i++;
                    break;
                case '[':
                    var negated = i + 1 < gbnf.Length && gbnf[i + 1] == '^';
                    i += negated ? 2 : 1;
                    var nonAscii = false;
                    while (i < gbnf.Length && gbnf[i] != ']')
                    {
                        if (gbnf[i] == '\\' && i + 1 < gbnf.Length)
                        {
                            var digits = gbnf[i + 1] switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
                            if (digits > 0)
                            {
                                var end = Math.Min(gbnf.Length, i + 2 + digits);
                                if (!uint.TryParse(gbnf.AsSpan(i + 2, end - i - 2), System.Globalization.NumberStyles.HexNumber,
                                        System.Globalization.CultureInfo.InvariantCulture, out var value) || value >= 0x80)
                                {
                                    nonAscii = true;
                                }

                                i = end;
                            }
                            else
                            {
                                i += 2;
                            }
                        }
                        else
                        {
                            nonAscii |= gbnf[i] >= 0x80;
                            i++;
                        }
                    }

                    if (i >= gbnf.Length)
                    {
                        return PrefixPruning.None;
                    }

                    negatesNonAscii |= negated && nonAscii;
                    i++;
                    break;
                case '<':
                    return PrefixPruning.None;
                default:
                    i++;
                    break;
            }
        }

        return negatesNonAscii ? PrefixPruning.WholeCharacters : PrefixPruning.All;
    }
}
