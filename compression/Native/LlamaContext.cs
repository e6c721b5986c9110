using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Compressor.Native.Capture;
using Compressor.Native.Handles;
using Compressor.Native.Interop;
using Compressor.Native.Logging;

namespace Compressor.Native;

/// <summary>
/// An inference context: KV cache, batch decoding, outputs. Not thread-safe: one caller at a
/// time (the engine's scheduler rents contexts). Spans returned by <see cref="GetLogits"/> and
/// <see cref="GetEmbeddings"/> point into native memory valid until the next decode.
/// </summary>
public sealed unsafe partial class LlamaContext : IDisposable
{
    private readonly SafeLlamaContextHandle handle;
    private GCHandle self;
    private CancellationToken abortToken;
    private ITensorObserver? observer;

    private LlamaContext(LlamaModel model, LlamaContextOptions options, nint pointer)
    {
        Model = model;
        Options = options;
        handle = new SafeLlamaContextHandle(pointer, model.Handle);
        ContextSize = (int)LlamaApi.llama_n_ctx(pointer);
        BatchSize = (int)LlamaApi.llama_n_batch(pointer);
        SequenceCount = (int)LlamaApi.llama_n_seq_max(pointer);
        VocabSize = model.Vocab.TokenCount;
        memory = LlamaApi.llama_get_memory(pointer);
    }

    public LlamaModel Model { get; }

    public LlamaContextOptions Options { get; }

    /// <summary>KV cells actually allocated (llama.cpp may round the request up).</summary>
    public int ContextSize { get; }

    public int BatchSize { get; }

    public int SequenceCount { get; }

    public int VocabSize { get; }

    /// <summary>Receives tensors during decode; requires <see cref="LlamaContextOptions.EnableTensorCapture"/>.</summary>
    public ITensorObserver? TensorObserver
    {
        get => observer;
        set
        {
            if (value is not null && !Options.EnableTensorCapture)
            {
                throw new InvalidOperationException("create the context with EnableTensorCapture to observe tensors");
            }

            observer = value;
        }
    }

    /// <summary>The raw pointer, for the engine benchmark's raw decode loop only.</summary>
    internal nint DangerousPointer => handle.DangerousGetHandle();

    public static LlamaContext Create(LlamaModel model, LlamaContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new LlamaContextOptions();
        if (model.IsVocabOnly)
        {
            throw new LlamaException(LlamaErrorCode.ContextCreateFailed, $"'{Path.GetFileName(model.Path)}' was loaded vocab-only and cannot run");
        }

        var p = LlamaApi.llama_context_default_params();
        p.NCtx = (uint)options.ContextSize;
        p.NBatch = (uint)options.BatchSize;
        p.NUbatch = (uint)Math.Min(options.MicroBatchSize, options.BatchSize);
        p.NSeqMax = (uint)options.SequenceCount;
        p.NThreads = Math.Max(1, options.Threads);
        p.NThreadsBatch = Math.Max(1, options.BatchThreads);
        p.FlashAttnType = (int)options.FlashAttention;
        p.Embeddings = options.Embeddings ? (byte)1 : (byte)0;
        p.PoolingType = (int)options.Pooling;
        p.KvUnified = options.UnifiedKv ? (byte)1 : (byte)0;
        p.NoPerf = 1;

        var self = GCHandle.Alloc(null, GCHandleType.Normal);
        if (options.EnableTensorCapture)
        {
            p.CbEval = &OnEval;
            p.CbEvalUserData = GCHandle.ToIntPtr(self);
        }

        NativeLog.ClearLastError();
        nint pointer;
        using (var lease = new HandleLease(model.Handle))
        {
            pointer = LlamaApi.llama_init_from_model(lease.Pointer, p);
        }

        if (pointer == 0)
        {
            self.Free();
            var reason = NativeLog.TakeLastError();
            throw new LlamaException(LlamaErrorCode.ContextCreateFailed,
                $"llama.cpp could not create a context of {options.ContextSize} cells for '{Path.GetFileName(model.Path)}'" + (reason is null ? "" : $": {reason}"));
        }

        var context = new LlamaContext(model, options, pointer) { self = self };
        self.Target = context;
        LlamaApi.llama_set_abort_callback(pointer, &OnAbort, GCHandle.ToIntPtr(self));
        return context;
    }

    /// <summary>
    /// Runs the model over <paramref name="batch"/>. Throws <see cref="LlamaException"/> with the
    /// native status on failure (no KV slot, invalid batch, fatal error) and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> aborted it.
    /// </summary>
    public void Decode(LlamaBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count == 0)
        {
            throw new LlamaException(LlamaErrorCode.InvalidBatch, "cannot decode an empty batch");
        }

        if (!batch.IsEmbeddingBatch)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                Model.Vocab.CheckToken(batch.TokenAt(i));
            }
        }
        else if (batch.EmbeddingSize != Model.EmbeddingSize)
        {
            throw new LlamaException(LlamaErrorCode.InvalidBatch, $"embedding batch rows have {batch.EmbeddingSize} values; the model's embedding size is {Model.EmbeddingSize}");
        }

        using var lease = new HandleLease(handle);
        abortToken = cancellationToken;
        int status;
        try
        {
            NativeLog.ClearLastError();
            status = LlamaApi.llama_decode(lease.Pointer, batch.Native);
        }
        finally
        {
            abortToken = default;
        }

        if (status == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var reason = NativeLog.TakeLastError();
        var suffix = reason is null ? "" : $": {reason}";
        throw status switch
        {
            1 => new LlamaException(LlamaErrorCode.NoKvSlot, $"no KV cache slot for a batch of {batch.Count} (context of {ContextSize} cells is full){suffix}", status),
            2 => new LlamaException(LlamaErrorCode.Aborted, $"decode aborted{suffix}", status),
            -1 => new LlamaException(LlamaErrorCode.InvalidBatch, $"invalid batch{suffix}", status),
            _ => new LlamaException(LlamaErrorCode.DecodeFailed, $"decode failed{suffix}", status),
        };
    }

    /// <summary>Logits (one per vocabulary entry) of batch entry <paramref name="batchIndex"/>; -1 = last output.</summary>
    public ReadOnlySpan<float> GetLogits(int batchIndex)
    {
        using var lease = new HandleLease(handle);
        var p = LlamaApi.llama_get_logits_ith(lease.Pointer, batchIndex);
        return p == null
            ? throw new LlamaException(LlamaErrorCode.InvalidArgument, $"batch entry {batchIndex} has no logits (was it marked as an output?)")
            : new ReadOnlySpan<float>(p, VocabSize);
    }

    /// <summary>Hidden state (after the final norm) of batch entry <paramref name="batchIndex"/>; needs Embeddings on.</summary>
    public ReadOnlySpan<float> GetEmbeddings(int batchIndex)
    {
        using var lease = new HandleLease(handle);
        var p = LlamaApi.llama_get_embeddings_ith(lease.Pointer, batchIndex);
        return p == null
            ? throw new LlamaException(LlamaErrorCode.InvalidArgument, $"batch entry {batchIndex} has no embeddings (embeddings on, entry an output?)")
            : new ReadOnlySpan<float>(p, Model.EmbeddingSize);
    }

    /// <summary>Pooled embedding of a sequence (pooling other than None).</summary>
    public ReadOnlySpan<float> GetSequenceEmbeddings(int sequence)
    {
        using var lease = new HandleLease(handle);
        var p = LlamaApi.llama_get_embeddings_seq(lease.Pointer, sequence);
        return p == null
            ? throw new LlamaException(LlamaErrorCode.InvalidArgument, $"sequence {sequence} has no pooled embedding (pooling type set?)")
            : new ReadOnlySpan<float>(p, Model.EmbeddingSize);
    }

    public void SetEmbeddings(bool enabled)
    {
        using var lease = new HandleLease(handle);
        LlamaApi.llama_set_embeddings(lease.Pointer, enabled ? (byte)1 : (byte)0);
    }

    public void SetCausalAttention(bool causal)
    {
        using var lease = new HandleLease(handle);
        LlamaApi.llama_set_causal_attn(lease.Pointer, causal ? (byte)1 : (byte)0);
    }

    public void SetThreads(int threads, int batchThreads)
    {
        using var lease = new HandleLease(handle);
        LlamaApi.llama_set_n_threads(lease.Pointer, threads, batchThreads);
    }

    public void Dispose()
    {
        handle.Dispose();
        if (self.IsAllocated)
        {
            self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnAbort(nint data)
    {
        try
        {
            return GCHandle.FromIntPtr(data).Target is LlamaContext c && c.abortToken.IsCancellationRequested ? (byte)1 : (byte)0;
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnEval(nint tensor, byte ask, nint data)
    {
        try
        {
            if (GCHandle.FromIntPtr(data).Target is not LlamaContext { observer: { } o })
            {
                return ask != 0 ? (byte)0 : (byte)1;
            }

            if (ask != 0)
            {
                var header = (GgmlTensorHeader*)tensor;
                return o.Wants(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(header->Name)) ? (byte)1 : (byte)0;
            }

            o.OnTensor(new TensorView(tensor));
            return 1;
        }
        catch (Exception)
        {
            // An exception must not cross into native code; keep computing.
            return ask != 0 ? (byte)0 : (byte)1;
        }
    }
}
