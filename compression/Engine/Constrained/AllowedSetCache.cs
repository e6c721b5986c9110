using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// Allowed token sets by grammar state, shared across requests, particles and steps: a schema served
/// again (or a state met again: the next item of an array, the next character of a string) needs no
/// grammar calls at all once its states are known. A state is llama.cpp's own (its stacks and partial
/// character, read by <see cref="GrammarSampler.StateKey"/>) plus the UTF-8 tail of the text, under one
/// GBNF text and vocabulary (a <see cref="Scope"/>). Equal keys accept exactly the same tokens, so a
/// cached set is the set a fresh walk would compute. Least recently used entries leave past a byte
/// budget. Thread-safe (one lock; lookups are a dictionary probe).
/// </summary>
public sealed class AllowedSetCache(long budgetBytes)
{
    /// <summary>The process-wide cache the engine uses (64 MiB: about 3,000 states of a 152k vocabulary).</summary>
    public static AllowedSetCache Shared { get; } = new(64L << 20);

    private readonly Dictionary<(Scope, GrammarStateKey, Utf8Tail), LinkedListNode<Entry>> map = [];
    private readonly LinkedList<Entry> order = new();
    private readonly Dictionary<(TokenBytes, string), Scope> scopes = [];
    private readonly Lock gate = new();
    private long bytes;

    public long BudgetBytes { get; } = budgetBytes;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return map.Count;
            }
        }
    }

    public long Bytes
    {
        get
        {
            lock (gate)
            {
                return bytes;
            }
        }
    }

    /// <summary>The scope of one grammar text over one vocabulary (resolve once per grammar, not per step).</summary>
    public Scope ScopeOf(TokenBytes vocabulary, string gbnf)
    {
        lock (gate)
        {
            if (!scopes.TryGetValue((vocabulary, gbnf), out var scope))
            {
                scope = new Scope();
                scopes[(vocabulary, gbnf)] = scope;
            }

            return scope;
        }
    }

    public AllowedSet? TryGet(Scope scope, GrammarStateKey state, Utf8Tail tail)
    {
        lock (gate)
        {
            if (!map.TryGetValue((scope, state, tail), out var node))
            {
                return null;
            }

            order.Remove(node);
            order.AddFirst(node);
            return node.Value.Set;
        }
    }

    public void Add(Scope scope, GrammarStateKey state, Utf8Tail tail, AllowedSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var size = set.Bytes + state.Bytes + 96;
        if (size > BudgetBytes)
        {
            return;
        }

        lock (gate)
        {
            var key = (scope, state, tail);
            if (map.ContainsKey(key))
            {
                return;
            }

            map[key] = order.AddFirst(new Entry(key, set, size));
            bytes += size;
            while (bytes > BudgetBytes && order.Last is { } last)
            {
                order.RemoveLast();
                map.Remove(last.Value.Key);
                bytes -= last.Value.Size;
            }
        }
    }

    /// <summary>One grammar text over one vocabulary; compared by reference.</summary>
    public sealed class Scope;

    private sealed record Entry((Scope, GrammarStateKey, Utf8Tail) Key, AllowedSet Set, long Size);
}
