namespace Compressor.Gguf;

/// <summary>
/// Receives one tensor's values while <see cref="GgufWriter"/> streams the file, encoding them to
/// the tensor's type as they come, so no tensor needs to exist in memory as a whole.
/// </summary>
public sealed class GgufTensorSink
{
    private const int BufferBytes = 1 << 16;

    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly float[] _pendingBlock = new float[Q8Block.Values];
    private int _pendingCount;
    private int _buffered;

    internal GgufTensorSink(Stream output, GgufTensorInfo tensor)
    {
        _output = output;
        Tensor = tensor;
    }

    public GgufTensorInfo Tensor { get; }

    /// <summary>Values received so far.</summary>
    public long ValuesWritten { get; private set; }

    internal long BytesWritten { get; private set; }

    /// <summary>Appends values in storage order (ne[0] fastest); supported for F32, F16 and Q8_0 tensors.</summary>
    public void Write(ReadOnlySpan<float> values)
    {
        if (ValuesWritten + values.Length > Tensor.ElementCount)
        {
            throw new InvalidOperationException($"Tensor '{Tensor.Name}' holds {Tensor.ElementCount} values; more were written.");
        }

        switch (Tensor.Type)
        {
            case GgufTensorType.F32:
                foreach (var v in values)
                {
                    Reserve(4);
                    BitConverter.TryWriteBytes(_buffer.AsSpan(_buffered), v);
                    _buffered += 4;
                }

                break;
            case GgufTensorType.F16:
                foreach (var v in values)
                {
                    Reserve(2);
                    BitConverter.TryWriteBytes(_buffer.AsSpan(_buffered), BitConverter.HalfToUInt16Bits((Half)v));
                    _buffered += 2;
                }

                break;
            case GgufTensorType.Q8_0:
                WriteQ8(values);
                break;
            default:
                throw new NotSupportedException($"Encoding {Tensor.Type} is not supported; use WriteRaw with pre-encoded blocks.");
        }

        ValuesWritten += values.Length;
    }

    /// <summary>Appends bytes already encoded in the tensor's type (for copying tensors of any type).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (_pendingCount != 0 || ValuesWritten != 0)
        {
            throw new InvalidOperationException("Raw and value writes cannot be mixed in one tensor.");
        }

        if (BytesWritten + _buffered + bytes.Length > Tensor.ByteSize)
        {
            throw new InvalidOperationException($"Tensor '{Tensor.Name}' holds {Tensor.ByteSize} bytes; more were written.");
        }

        Flush();
        _output.Write(bytes);
        BytesWritten += bytes.Length;
    }

    internal void Complete()
    {
        Flush();
        if (BytesWritten != Tensor.ByteSize || _pendingCount != 0)
        {
            throw new InvalidOperationException(
                $"Tensor '{Tensor.Name}' needs {Tensor.ElementCount} values ({Tensor.ByteSize} bytes) but got {ValuesWritten} values ({BytesWritten} bytes).");
        }
    }

    private void WriteQ8(ReadOnlySpan<float> values)
    {
        while (!values.IsEmpty)
        {
            if (_pendingCount == 0 && values.Length >= Q8Block.Values)
            {
                // Whole blocks straight from the caller's span: the common, fast path.
                Reserve(Q8Block.Bytes);
                Q8Block.Quantize(values[..Q8Block.Values], _buffer.AsSpan(_buffered, Q8Block.Bytes));
                _buffered += Q8Block.Bytes;
                values = values[Q8Block.Values..];
                continue;
            }

            var take = Math.Min(values.Length, Q8Block.Values - _pendingCount);
            values[..take].CopyTo(_pendingBlock.AsSpan(_pendingCount));
            _pendingCount += take;
            values = values[take..];
            if (_pendingCount == Q8Block.Values)
            {
                Reserve(Q8Block.Bytes);
                Q8Block.Quantize(_pendingBlock, _buffer.AsSpan(_buffered, Q8Block.Bytes));
                _buffered += Q8Block.Bytes;
                _pendingCount = 0;
            }
        }
    }

    private void Reserve(int bytes)
    {
        if (_buffered + bytes > _buffer.Length)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_buffered > 0)
        {
            _output.Write(_buffer, 0, _buffered);
            BytesWritten += _buffered;
            _buffered = 0;
        }
    }
}
