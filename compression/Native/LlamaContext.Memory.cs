using Compressor.Native.Handles;
using Compressor.Native.Interop;

namespace Compressor.Native;

/// <summary>KV memory operations and per-sequence state of a context.</summary>
public sealed unsafe partial class LlamaContext
{
    private readonly nint memory;

    /// <summary>
    /// Removes the cells of <paramref name="sequence"/> with positions in [p0, p1) (p1 &lt; 0 = to the
    /// end). Returns false when llama.cpp cannot remove part of a sequence (recurrent models): the
    /// caller must handle it, so the status is returned, not dropped.
    /// </summary>
    public bool RemoveTokens(int sequence, int p0, int p1)
    {
        using var lease = new HandleLease(handle);
        return LlamaApi.llama_memory_seq_rm(memory, sequence, p0, p1) != 0;
    }

    /// <summary>Makes the cells of <paramref name="source"/> in [p0, p1) also belong to <paramref name="destination"/> (shared, no copy).</summary>
    public void CopySequence(int source, int destination, int p0 = -1, int p1 = -1)
    {
        CheckSequence(source);
        CheckSequence(destination);
        using var lease = new HandleLease(handle);
        LlamaApi.llama_memory_seq_cp(memory, source, destination, p0, p1);
    }

    /// <summary>Removes every cell that does not belong to <paramref name="sequence"/>.</summary>
    public void KeepOnlySequence(int sequence)
    {
        CheckSequence(sequence);
        using var lease = new HandleLease(handle);
        LlamaApi.llama_memory_seq_keep(memory, sequence);
    }

    /// <summary>Adds <paramref name="delta"/> to positions in [p0, p1) (RoPE re-rotation applied lazily).</summary>
    public void ShiftPositions(int sequence, int p0, int p1, int delta)
    {
        CheckSequence(sequence);
        if (!CanShift)
        {
            throw new LlamaException(LlamaErrorCode.InvalidArgument, $"the KV cache of '{Path.GetFileName(Model.Path)}' cannot shift positions");
        }

        using var lease = new HandleLease(handle);
        LlamaApi.llama_memory_seq_add(memory, sequence, p0, p1, delta);
    }

    /// <summary>Smallest position of <paramref name="sequence"/>, or -1 when empty.</summary>
    public int PositionMin(int sequence)
    {
        using var lease = new HandleLease(handle);
        return LlamaApi.llama_memory_seq_pos_min(memory, sequence);
    }

    /// <summary>Largest position of <paramref name="sequence"/>, or -1 when empty. New tokens go at PositionMax + 1.</summary>
    public int PositionMax(int sequence)
    {
        using var lease = new HandleLease(handle);
        return LlamaApi.llama_memory_seq_pos_max(memory, sequence);
    }

    public bool CanShift
    {
        get
        {
            using var lease = new HandleLease(handle);
            return LlamaApi.llama_memory_can_shift(memory) != 0;
        }
    }

    /// <summary>Empties the whole KV cache (all sequences).</summary>
    public void ClearMemory(bool clearData = true)
    {
        using var lease = new HandleLease(handle);
        LlamaApi.llama_memory_clear(memory, clearData ? (byte)1 : (byte)0);
    }

    /// <summary>The KV state of one sequence as bytes (compact: only its cells, in order).</summary>
    public byte[] SaveSequenceState(int sequence)
    {
        CheckSequence(sequence);
        using var lease = new HandleLease(handle);
        var size = LlamaApi.llama_state_seq_get_size(lease.Pointer, sequence);
        var data = new byte[(int)size];
        nuint written;
        fixed (byte* d = data)
        {
            written = LlamaApi.llama_state_seq_get_data(lease.Pointer, d, size, sequence);
        }

        return written == size
            ? data
            : throw new LlamaException(LlamaErrorCode.StateRestoreFailed, $"state of sequence {sequence}: wrote {written} of {size} bytes");
    }

    /// <summary>
    /// Loads a state saved by <see cref="SaveSequenceState"/> into <paramref name="sequence"/>. Only works
    /// into a context with the same stream layout (sequence count, unified KV); throws otherwise.
    /// </summary>
    public void RestoreSequenceState(int sequence, ReadOnlySpan<byte> state)
    {
        CheckSequence(sequence);
        if (state.IsEmpty)
        {
            throw new ArgumentException("state is empty", nameof(state));
        }

        using var lease = new HandleLease(handle);
        nuint read;
        fixed (byte* s = state)
        {
            read = LlamaApi.llama_state_seq_set_data(lease.Pointer, s, (nuint)state.Length, sequence);
        }

        if (read == 0)
        {
            throw new LlamaException(LlamaErrorCode.StateRestoreFailed,
                $"llama.cpp rejected a {state.Length}-byte state for sequence {sequence} (different model, or a context with another sequence layout?)");
        }
    }

    private void CheckSequence(int sequence) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)sequence, (uint)SequenceCount, nameof(sequence));
}
