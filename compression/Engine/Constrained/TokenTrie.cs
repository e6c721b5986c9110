using System.Diagnostics;

namespace Compressor.Engine.Constrained;

/// <summary>
/// The vocabulary's tokens arranged by byte prefix, for computing a grammar's allowed set without
/// checking every token. Each plain token's parent is the longest other token whose bytes are a
/// prefix of its own (ties between equal byte strings: the lower id is the parent), so the tokens
/// form a forest in which every descendant of a token starts with that token's bytes. llama.cpp's
/// grammar reads a token's bytes left to right, so a token it rejects on a whole-character
/// boundary rejects every extension too, and the walk in <see cref="GrammarOracle"/> checks only the
/// frontier: the roots, and the children of allowed tokens.
/// Plain tokens are those whose bytes are what the grammar reads: not end-of-generation, not empty
/// (control and unknown tokens have no bytes here, while llama.cpp's grammar reads their rendered
/// text). The others are checked one by one (<see cref="Individual"/>).
/// Built once per vocabulary (<see cref="TokenBytes.Trie"/>): a sort of the byte strings and a few
/// int arrays of vocabulary size.
/// </summary>
public sealed class TokenTrie
{
    private readonly int[] childStart;
    private readonly int[] children;

    private readonly int[] rootIndex;

    private TokenTrie(int[] roots, int[] childStart, int[] children, int[] individual, int[] rootIndex, int depth, TimeSpan buildTime)
    {
        Roots = roots;
        this.rootIndex = rootIndex;
        this.childStart = childStart;
        this.children = children;
        Individual = individual;
        Depth = depth;
        BuildTime = buildTime;
    }

    /// <summary>Plain tokens with no other token as a prefix.</summary>
    public int[] Roots { get; }

    /// <summary>Tokens outside the forest: end-of-generation, control, unknown and empty tokens.</summary>
    public int[] Individual { get; }

    public int Count => childStart.Length - 1;

    /// <summary>Plain tokens (in the forest).</summary>
    public int PlainCount => children.Length + Roots.Length;

    /// <summary>Levels of the forest (roots are level 1).</summary>
    public int Depth { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>Approximate managed memory held by the forest's arrays.</summary>
    public long Bytes => 4L * (Roots.Length + childStart.Length + children.Length + Individual.Length + rootIndex.Length);

    /// <summary>The index in <see cref="Roots"/> of the root above <paramref name="token"/> (the token's first bytes); -1 for tokens outside the forest.</summary>
    public int RootIndexOf(int token) => rootIndex[token];

    /// <summary>The tokens whose parent is <paramref name="token"/>.</summary>
    public ReadOnlySpan<int> Children(int token) => children.AsSpan(childStart[token], childStart[token + 1] - childStart[token]);

    public static TokenTrie Build(TokenBytes tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var started = Stopwatch.GetTimestamp();
        var count = tokens.Count;
        var plain = new List<int>(count);
        var individual = new List<int>();
        for (var t = 0; t < count; t++)
        {
            if (tokens.IsEndOfGeneration(t) || tokens.Of(t).IsEmpty)
            {
                individual.Add(t);
            }
            else
            {
                plain.Add(t);
            }
        }

        var order = plain.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = tokens.Of(a).SequenceCompareTo(tokens.Of(b));
            return c != 0 ? c : a.CompareTo(b);
        });

        // In lexicographic order a token's prefixes come before it, and the nearest one still on the
        // stack (popping those that are not prefixes) is its longest prefix among the tokens.
        var parent = new int[count];
        Array.Fill(parent, -1);
        var depthOf = new int[count];
        var stack = new Stack<int>();
        var roots = new List<int>();
        var depth = 0;
        var rootIndex = new int[count];
        Array.Fill(rootIndex, -1);
        foreach (var t in order)
        {
            var bytes = tokens.Of(t);
            while (stack.Count > 0 && !bytes.StartsWith(tokens.Of(stack.Peek())))
            {
                stack.Pop();
            }

            if (stack.Count == 0)
            {
                rootIndex[t] = roots.Count;
                roots.Add(t);
                depthOf[t] = 1;
            }
            else
            {
                parent[t] = stack.Peek();
                depthOf[t] = depthOf[parent[t]] + 1;
                rootIndex[t] = rootIndex[parent[t]];
            }

            depth = Math.Max(depth, depthOf[t]);
            stack.Push(t);
        }

        var childStart = new int[count + 1];
        foreach (var t in order)
        {
            if (parent[t] >= 0)
            {
                childStart[parent[t] + 1]++;
            }
        }

        for (var t = 0; t < count; t++)
        {
            childStart[t + 1] += childStart[t];
        }

        var children = new int[childStart[count]];
        var fill = (int[])childStart.Clone();
        foreach (var t in order)
        {
            if (parent[t] >= 0)
            {
                children[fill[parent[t]]++] = t;
            }
        }

        return new TokenTrie([.. roots], childStart, children, [.. individual], rootIndex, depth, Stopwatch.GetElapsedTime(started));
    }
}
