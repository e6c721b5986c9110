using System.Text;

namespace Compressor.Native;

/// <summary>
/// Reads a grammar sampler's state out of llama.cpp's memory, for caching per-state answers
/// (<see cref="GrammarSampler.StateKey"/>). The C API has no accessor, so this follows the layout
/// of llama.cpp's internal structs on 64-bit libstdc++ (stable across releases since the sampler API,
/// 2024-09):
/// <c>llama_sampler { iface*, ctx* }</c> (public in llama.h);
/// <c>llama_sampler_grammar { vocab* @0, std::string grammar_str @8, std::string grammar_root @40, llama_grammar* @72 }</c>;
/// <c>llama_grammar { vocab* @0, vector&lt;vector&lt;element&gt;&gt; rules @8, vector&lt;vector&lt;element*&gt;&gt; stacks @32, partial_utf8 {u32, i32} @56 }</c>
/// (a std::vector is three pointers: begin, end, capacity end; an element is 8 bytes).
/// Nothing is trusted blindly: the layout is accepted for a grammar only if both vocab pointers are
/// the model's, grammar_str holds the GBNF text this sampler was made from, the rule table is sane,
/// and every stack element points inside a rule. Otherwise <see cref="Read"/> returns null and the
/// caller simply does without a cache.
/// </summary>
internal static unsafe class GrammarInternals
{
    private const int MaxRules = 1 << 20;
    private const int MaxStackElements = 1 << 16;

    /// <summary>The grammar object's rule table, sorted by address, for mapping element pointers.</summary>
    internal sealed class RuleTable(nint grammar, nint[] starts, nint[] ends, int[] ids)
    {
        public nint Grammar { get; } = grammar;

        public bool TryLocate(nint element, out long code)
        {
            var lo = 0;
            var hi = starts.Length - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                if (starts[mid] <= element)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            // hi: the last rule starting at or before the element. The end element of a rule (its
            // terminator) is inside the allocation, so a pointer equal to end never occurs.
            if (hi >= 0 && element < ends[hi] && (element - starts[hi]) % 8 == 0)
            {
                code = ((long)ids[hi] << 32) | (uint)((element - starts[hi]) / 8);
                return true;
            }

            code = 0;
            return false;
        }
    }

    /// <summary>The llama_grammar of a grammar sampler whose layout checks out, else 0.</summary>
    public static nint GrammarOf(nint sampler, nint vocab, string gbnf)
    {
        // The layout above is libstdc++'s on a 64-bit system (MSVC's std::string differs).
        if (sampler == 0 || !OperatingSystem.IsLinux() || IntPtr.Size != 8)
        {
            return 0;
        }

        var ctx = *(nint*)(sampler + 8);
        if (ctx == 0 || *(nint*)ctx != vocab)
        {
            return 0;
        }

        var text = *(byte**)(ctx + 8);
        var length = *(nuint*)(ctx + 16);
        var expected = Encoding.UTF8.GetBytes(gbnf);
        if (text == null || length != (nuint)expected.Length || !new ReadOnlySpan<byte>(text, expected.Length).SequenceEqual(expected))
        {
            return 0;
        }

        var grammar = *(nint*)(ctx + 72);
        return grammar != 0 && *(nint*)grammar == vocab ? grammar : 0;
    }

    /// <summary>The rule table of <paramref name="grammar"/>, or null when it does not look like one.</summary>
    public static RuleTable? Rules(nint grammar)
    {
        var begin = *(nint*)(grammar + 8);
        var end = *(nint*)(grammar + 16);
        var bytes = end - begin;
        if (begin == 0 || bytes <= 0 || bytes % 24 != 0 || bytes / 24 > MaxRules)
        {
            return null;
        }

        var count = (int)(bytes / 24);
        var starts = new nint[count];
        var ends = new nint[count];
        var ids = new int[count];
        for (var r = 0; r < count; r++)
        {
            var rule = begin + (r * 24);
            starts[r] = *(nint*)rule;
            ends[r] = *(nint*)(rule + 8);
            ids[r] = r;
            if (ends[r] - starts[r] < 0 || (ends[r] - starts[r]) % 8 != 0)
            {
                return null;
            }
        }

        Array.Sort(starts, ids);
        for (var i = 0; i < count; i++)
        {
            ends[i] = *(nint*)(begin + (ids[i] * 24) + 8);
        }

        return new RuleTable(grammar, starts, ends, ids);
    }

    /// <summary>The canonical state key, or null when a stack element points outside every rule.</summary>
    public static GrammarStateKey? Read(RuleTable rules, List<long[]> scratch)
    {
        var grammar = rules.Grammar;
        var begin = *(nint*)(grammar + 32);
        var end = *(nint*)(grammar + 40);
        if ((end - begin) % 24 != 0 || end < begin)
        {
            return null;
        }

        var count = (int)((end - begin) / 24);
        scratch.Clear();
        var total = 0;
        for (var s = 0; s < count; s++)
        {
            var stack = begin + (s * 24);
            var first = *(nint*)stack;
            var last = *(nint*)(stack + 8);
            var n = (int)((last - first) / 8);
            if (n < 0 || n > MaxStackElements)
            {
                return null;
            }

            var codes = new long[n];
            for (var i = 0; i < n; i++)
            {
                if (!rules.TryLocate(*(nint*)(first + (i * 8)), out codes[i]))
                {
                    return null;
                }
            }

            scratch.Add(codes);
            total += n + 1;
        }

        // A state is a set of stacks: order and repeats do not change what it accepts.
        scratch.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        var words = new List<long>(total + 2) { *(long*)(grammar + 56), 0 };
        long[]? previous = null;
        var distinct = 0;
        foreach (var codes in scratch)
        {
            if (previous is not null && previous.AsSpan().SequenceEqual(codes))
            {
                continue;
            }

            words.Add(codes.Length);
            words.AddRange(codes);
            previous = codes;
            distinct++;
        }

        words[1] = distinct;
        return new GrammarStateKey([.. words]);
    }
}
