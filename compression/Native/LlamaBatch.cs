using Compressor.Native.Interop;

namespace Compressor.Native;

/// <summary>
/// A batch of tokens (or of input embeddings) for <see cref="LlamaContext.Decode"/>, allocated
/// natively with a fixed capacity. Adding past the capacity or mixing kinds throws instead of
/// corrupting native memory.
/// </summary>
public sealed unsafe class LlamaBatch : IDisposable
{
    private LlamaBatchNative batch;
    private bool disposed;

    private LlamaBatch(int capacity, int embeddingSize, int maxSequencesPerToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequencesPerToken, 1);
        Capacity = capacity;
        EmbeddingSize = embeddingSize;
        MaxSequencesPerToken = maxSequencesPerToken;
        batch = LlamaApi.llama_batch_init(capacity, embeddingSize, maxSequencesPerToken);
        if (batch.Pos == null)
        {
            throw new OutOfMemoryException($"llama_batch_init({capacity}) failed");
        }
    }

    public int Capacity { get; }

    /// <summary>0 for a token batch; the vector size for an embedding batch.</summary>
    public int EmbeddingSize { get; }

    public bool IsEmbeddingBatch => EmbeddingSize > 0;

    public int MaxSequencesPerToken { get; }

    public int Count { get; private set; }

    public static LlamaBatch ForTokens(int capacity, int maxSequencesPerToken = 1) => new(capacity, 0, maxSequencesPerToken);

    public static LlamaBatch ForEmbeddings(int capacity, int embeddingSize, int maxSequencesPerToken = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingSize, 1);
        return new LlamaBatch(capacity, embeddingSize, maxSequencesPerToken);
    }

    public void Clear() => Count = 0;

    /// <summary>Adds a token at <paramref name="position"/> of <paramref name="sequence"/>; <paramref name="wantLogits"/> marks it as an output.</summary>
    public void Add(int token, int position, int sequence, bool wantLogits)
    {
        ReadOnlySpan<int> one = [sequence];
        Add(token, position, one, wantLogits);
    }

    public void Add(int token, int position, ReadOnlySpan<int> sequences, bool wantLogits)
    {
        if (IsEmbeddingBatch)
        {
            throw new InvalidOperationException("this batch holds embeddings; use AddEmbedding");
        }

        var i = Reserve(position, sequences, wantLogits);
        batch.Token[i] = token;
    }

    /// <summary>Adds one input embedding (a row of <see cref="EmbeddingSize"/> floats) in place of a token.</summary>
    public void AddEmbedding(ReadOnlySpan<float> embedding, int position, int sequence, bool wantLogits)
    {
        if (!IsEmbeddingBatch)
        {
            throw new InvalidOperationException("this batch holds tokens; create it with ForEmbeddings");
        }

        if (embedding.Length != EmbeddingSize)
        {
            throw new ArgumentException($"embedding has {embedding.Length} values, the batch expects {EmbeddingSize}", nameof(embedding));
        }

        ReadOnlySpan<int> one = [sequence];
        var i = Reserve(position, one, wantLogits);
        embedding.CopyTo(new Span<float>(batch.Embd + (long)i * EmbeddingSize, EmbeddingSize));
    }

    /// <summary>Changes whether entry <paramref name="index"/> produces an output (logits/embeddings).</summary>
    public void SetOutput(int index, bool wantLogits)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        batch.Logits[index] = wantLogits ? (sbyte)1 : (sbyte)0;
    }

    public int TokenAt(int index)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return IsEmbeddingBatch ? -1 : batch.Token[index];
    }

    internal LlamaBatchNative Native
    {
        get
        {
            ThrowIfDisposed();
            var copy = batch;
            copy.NTokens = Count;
            return copy;
        }
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            LlamaApi.llama_batch_free(batch);
            batch = default;
        }
    }

    private int Reserve(int position, ReadOnlySpan<int> sequences, bool wantLogits)
    {
        ThrowIfDisposed();
        if (Count >= Capacity)
        {
            throw new InvalidOperationException($"batch is full ({Capacity} entries)");
        }

        if (sequences.IsEmpty || sequences.Length > MaxSequencesPerToken)
        {
            throw new ArgumentException($"a token belongs to 1..{MaxSequencesPerToken} sequences, got {sequences.Length}", nameof(sequences));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(position);
        var i = Count++;
        batch.Pos[i] = position;
        batch.NSeqId[i] = sequences.Length;
        for (var s = 0; s < sequences.Length; s++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(sequences[s], nameof(sequences));
            batch.SeqId[i][s] = sequences[s];
        }

        batch.Logits[i] = wantLogits ? (sbyte)1 : (sbyte)0;
        return i;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
