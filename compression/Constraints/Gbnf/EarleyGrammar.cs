namespace Compressor.Constraints.Gbnf;

/// <summary>
/// A GBNF grammar flattened to plain BNF for the Earley recognizer: productions are arrays of symbols,
/// a symbol &gt;= 0 is a nonterminal and ~symbol is a terminal (a character class). Unbounded
/// repetitions become left-recursive helper rules, which Earley parses in linear time.
/// </summary>
internal sealed class EarleyGrammar
{
    private readonly List<int[]> _rhs = [];
    private readonly List<int> _lhs = [];
    private readonly List<List<int>> _productionsOf = [];
    private readonly List<GbnfCharClass> _terminals = [];
    private readonly Dictionary<GbnfCharClass, int> _terminalIds = [];
    private readonly Dictionary<string, int> _ruleIds = new(StringComparer.Ordinal);

    public EarleyGrammar(GbnfGrammar grammar)
    {
        foreach (var rule in grammar.Rules)
        {
            _ruleIds[rule.Name] = NewNonterminal();
        }

        foreach (var rule in grammar.Rules)
        {
            var id = _ruleIds[rule.Name];
            if (rule.Body is GbnfAlternation alternation)
            {
                foreach (var alternative in alternation.Alternatives)
                {
                    AddProduction(id, Compile(alternative));
                }
            }
            else
            {
                AddProduction(id, Compile(rule.Body));
            }
        }

        Root = _ruleIds[GbnfGrammar.RootRule];
        Nullable = ComputeNullable();
        RemoveUnproductive();
    }

    public int Root { get; }

    public bool[] Nullable { get; }

    public int ProductionCount => _rhs.Count;

    public int[] Rhs(int production) => _rhs[production];

    public int Lhs(int production) => _lhs[production];

    public List<int> ProductionsOf(int nonterminal) => _productionsOf[nonterminal];

    public GbnfCharClass Terminal(int symbol) => _terminals[~symbol];

    private int NewNonterminal()
    {
        _productionsOf.Add([]);
        return _productionsOf.Count - 1;
    }

    private void AddProduction(int lhs, List<int> rhs)
    {
        _productionsOf[lhs].Add(_rhs.Count);
        _rhs.Add([.. rhs]);
        _lhs.Add(lhs);
    }

    private int TerminalSymbol(GbnfCharClass cls)
    {
        if (!_terminalIds.TryGetValue(cls, out var id))
        {
            id = _terminals.Count;
            _terminals.Add(cls);
            _terminalIds[cls] = id;
        }

        return ~id;
    }

    private List<int> Compile(GbnfNode node)
    {
        var symbols = new List<int>();
        Append(node, symbols);
        return symbols;
    }

    private void Append(GbnfNode node, List<int> symbols)
    {
        switch (node)
        {
            case GbnfLiteral literal:
                foreach (var rune in literal.Text.EnumerateRunes())
                {
                    symbols.Add(TerminalSymbol(new GbnfCharClass([new GbnfCharRange(rune.Value, rune.Value)], false)));
                }

                break;
            case GbnfCharClass cls:
                symbols.Add(TerminalSymbol(cls));
                break;
            case GbnfRuleRef reference:
                symbols.Add(_ruleIds[reference.Name]);
                break;
            case GbnfSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Append(item, symbols);
                }

                break;
            case GbnfAlternation alternation:
                var nt = NewNonterminal();
                foreach (var alternative in alternation.Alternatives)
                {
                    AddProduction(nt, Compile(alternative));
                }

                symbols.Add(nt);
                break;
            case GbnfRepeat repeat:
                symbols.Add(CompileRepeat(repeat));
                break;
            default:
                throw new InvalidOperationException($"Unknown GBNF node {node.GetType().Name}.");
        }
    }

    private int CompileRepeat(GbnfRepeat repeat)
    {
        var item = Compile(repeat.Item);
        var nt = NewNonterminal();
        var head = new List<int>();
        for (var i = 0; i < repeat.Min; i++)
        {
            head.AddRange(item);
        }

        if (repeat.Max is null)
        {
            // star ::= star item | (empty): left recursion keeps Earley linear on long runs.
            var star = NewNonterminal();
            AddProduction(star, [star, .. item]);
            AddProduction(star, []);
            head.Add(star);
        }
        else if (repeat.Max > repeat.Min)
        {
            // opt_k ::= (empty) | item opt_(k-1): at most k more copies.
            var next = -1;
            for (var k = 1; k <= repeat.Max - repeat.Min; k++)
            {
                var opt = NewNonterminal();
                AddProduction(opt, []);
                AddProduction(opt, next < 0 ? item : [.. item, next]);
                next = opt;
            }

            head.Add(next);
        }

        AddProduction(nt, head);
        return nt;
    }

    private bool[] ComputeNullable()
    {
        var nullable = new bool[_productionsOf.Count];
        bool changed;
        do
        {
            changed = false;
            for (var p = 0; p < _rhs.Count; p++)
            {
                if (!nullable[_lhs[p]] && _rhs[p].All(s => s >= 0 && nullable[s]))
                {
                    nullable[_lhs[p]] = true;
                    changed = true;
                }
            }
        }
        while (changed);
        return nullable;
    }

    /// <summary>Drops productions that can never finish, so a live Earley item always has a completion (needed for prefix answers).</summary>
    private void RemoveUnproductive()
    {
        var productive = new bool[_productionsOf.Count];
        bool changed;
        do
        {
            changed = false;
            for (var p = 0; p < _rhs.Count; p++)
            {
                if (!productive[_lhs[p]] && _rhs[p].All(s => s >= 0 ? productive[s] : !IsEmptyClass(_terminals[~s])))
                {
                    productive[_lhs[p]] = true;
                    changed = true;
                }
            }
        }
        while (changed);
        for (var nt = 0; nt < _productionsOf.Count; nt++)
        {
            _productionsOf[nt].RemoveAll(p => !_rhs[p].All(s => s >= 0 ? productive[s] : !IsEmptyClass(_terminals[~s])));
        }
    }

    private static bool IsEmptyClass(GbnfCharClass cls) =>
        cls.Negated ? cls.Ranges.Any(r => r.Low <= 0 && r.High >= 0x10FFFF) : cls.Ranges.Count == 0;
}
