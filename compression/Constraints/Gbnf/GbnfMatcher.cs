using System.Globalization;
using Compressor.Compression.Errors;

namespace Compressor.Constraints.Gbnf;

/// <summary>
/// Decides membership (and viable-prefix status) of a string in a GBNF language with an Earley
/// recognizer (Earley 1970; nullable handling after Aycock and Horspool 2002). Work is bounded by a
/// step budget: past it the matcher gives up with a 422 rather than run away on a pathological grammar.
/// Thread-safe: the compiled grammar is immutable and each call has its own chart.
/// </summary>
public sealed class GbnfMatcher
{
    private readonly EarleyGrammar _grammar;
    private readonly long _maxSteps;

    public GbnfMatcher(GbnfGrammar grammar, long maxSteps = 20_000_000)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        _grammar = new EarleyGrammar(grammar);
        _maxSteps = maxSteps;
    }

    public static GbnfMatcher FromText(string gbnf, GbnfLimits? limits = null) => new(GbnfParser.Parse(gbnf, limits));

    public bool IsMatch(string input) => Match(input).IsMatch;

    public bool IsPrefix(string input) => Match(input).IsPrefix;

    public GbnfMatchResult Match(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.EnumerateRunes().Select(r => r.Value).ToArray();
        var chart = new Chart(text.Length + 1);
        long steps = 0;
        foreach (var p in _grammar.ProductionsOf(_grammar.Root))
        {
            chart.Add(0, p, 0, 0);
        }

        for (var i = 0; i <= text.Length; i++)
        {
            var set = chart.Items[i];
            if (set.Count == 0)
            {
                return new GbnfMatchResult(false, false, i - 1);
            }

            for (var k = 0; k < set.Count; k++)
            {
                if (++steps > _maxSteps)
                {
                    throw CompressorException.Unprocessable(
                        "grammar_match_budget_exceeded",
                        string.Create(CultureInfo.InvariantCulture, $"Matching gave up after {_maxSteps} steps at character {i}; the grammar is too ambiguous for this input."),
                        "grammar");
                }

                var (prod, dot, origin) = set[k];
                var rhs = _grammar.Rhs(prod);
                if (dot == rhs.Length)
                {
                    Complete(chart, i, _grammar.Lhs(prod), origin);
                    continue;
                }

                var symbol = rhs[dot];
                if (symbol >= 0)
                {
                    chart.Wait(i, symbol, k);
                    foreach (var p in _grammar.ProductionsOf(symbol))
                    {
                        chart.Add(i, p, 0, i);
                    }

                    if (_grammar.Nullable[symbol])
                    {
                        chart.Add(i, prod, dot + 1, origin);
                    }
                }
                else if (i < text.Length && _grammar.Terminal(symbol).Matches(text[i]))
                {
                    chart.Add(i + 1, prod, dot + 1, origin);
                }
            }
        }

        var accepted = chart.Items[text.Length].Any(it =>
            it.Origin == 0 && _grammar.Lhs(it.Prod) == _grammar.Root && it.Dot == _grammar.Rhs(it.Prod).Length);
        return new GbnfMatchResult(accepted, true, -1);
    }

    private static void Complete(Chart chart, int i, int lhs, int origin)
    {
        if (!chart.Waiting[origin].TryGetValue(lhs, out var waiting))
        {
            return;
        }

        var originSet = chart.Items[origin];
        for (var w = 0; w < waiting.Count; w++)
        {
            var (prod, dot, o) = originSet[waiting[w]];
            chart.Add(i, prod, dot + 1, o);
        }
    }

    private sealed class Chart
    {
        public Chart(int positions)
        {
            Items = new List<(int Prod, int Dot, int Origin)>[positions];
            Seen = new HashSet<(int, int, int)>[positions];
            Waiting = new Dictionary<int, List<int>>[positions];
            for (var i = 0; i < positions; i++)
            {
                Items[i] = [];
                Seen[i] = [];
                Waiting[i] = [];
            }
        }

        public List<(int Prod, int Dot, int Origin)>[] Items { get; }

        public HashSet<(int, int, int)>[] Seen { get; }

        public Dictionary<int, List<int>>[] Waiting { get; }

        public void Add(int position, int prod, int dot, int origin)
        {
            if (Seen[position].Add((prod, dot, origin)))
            {
                Items[position].Add((prod, dot, origin));
            }
        }

        public void Wait(int position, int nonterminal, int itemIndex)
        {
            if (!Waiting[position].TryGetValue(nonterminal, out var list))
            {
                list = [];
                Waiting[position][nonterminal] = list;
            }

            list.Add(itemIndex);
        }
    }
}
