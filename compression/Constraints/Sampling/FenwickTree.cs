namespace Compressor.Constraints.Sampling;

/// <summary>
/// Prefix sums over token masses with O(log n) removal and inverse-CDF search: sampling without
/// replacement in O(log n) per draw after an O(n) build.
/// </summary>
internal sealed class FenwickTree : IDisposable
{
    private readonly double[] _tree;
    private readonly double[] _values;
    private readonly int _n;
    private readonly int _top;

    /// <summary>Takes ownership of <paramref name="values"/> (rented from the shared pool; returned on dispose).</summary>
    public FenwickTree(double[] values, int count)
    {
        var n = count;
        _n = n;
        _values = values;
        _tree = System.Buffers.ArrayPool<double>.Shared.Rent(n + 1);
        Array.Clear(_tree, 0, n + 1);
        for (var i = 1; i <= n; i++)
        {
            _tree[i] += values[i - 1];
            var parent = i + (i & -i);
            if (parent <= n)
            {
                _tree[parent] += _tree[i];
            }
        }

        _top = 1;
        while (_top * 2 <= n)
        {
            _top *= 2;
        }
    }

    public int Count => _n;

    public void Dispose()
    {
        System.Buffers.ArrayPool<double>.Shared.Return(_tree);
        System.Buffers.ArrayPool<double>.Shared.Return(_values);
    }

    public double Value(int index) => _values[index];

    public double Total
    {
        get
        {
            double sum = 0;
            for (var i = _n; i > 0; i -= i & -i)
            {
                sum += _tree[i];
            }

            return sum;
        }
    }

    public void Remove(int index)
    {
        var v = _values[index];
        _values[index] = 0;
        for (var i = index + 1; i < (_n + 1); i += i & -i)
        {
            _tree[i] -= v;
        }
    }

    /// <summary>The index whose cumulative interval contains <paramref name="u"/>, skipping zero-mass entries.</summary>
    public int Find(double u)
    {
        var pos = 0;
        for (var step = _top; step > 0; step >>= 1)
        {
            var next = pos + step;
            if (next < (_n + 1) && _tree[next] <= u)
            {
                pos = next;
                u -= _tree[next];
            }
        }

        // Rounding can land on a removed entry; walk to the nearest live one.
        var index = Math.Min(pos, _n - 1);
        for (var i = index; i < _n; i++)
        {
            if (_values[i] > 0)
            {
                return i;
            }
        }

        for (var i = index - 1; i >= 0; i--)
        {
            if (_values[i] > 0)
            {
                return i;
            }
        }

        return -1;
    }
}
