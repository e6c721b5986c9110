using System.Globalization;

namespace Compressor.Gguf;

/// <summary>
/// One metadata value. Scalars are held boxed, strings as strings, arrays as typed .NET arrays
/// (string[], int[], float[], ...) so a 150k-token vocabulary costs one array, not 150k objects;
/// arrays of arrays are held as <see cref="GgufValue"/>[].
/// </summary>
public sealed class GgufValue
{
    private readonly object _value;

    private GgufValue(GgufValueType type, GgufValueType elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        _value = value;
    }

    public GgufValueType Type { get; }

    /// <summary>For arrays, the type of the elements; otherwise equal to <see cref="Type"/>.</summary>
    public GgufValueType ElementType { get; }

    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>The number of elements of an array value.</summary>
    public int ArrayLength => _value is Array a ? a.Length : throw NotA("array");

    /// <summary>The held .NET value: a boxed scalar, a string or a typed array.</summary>
    public object Value => _value;

    public static GgufValue FromUInt8(byte value) => new(GgufValueType.UInt8, GgufValueType.UInt8, value);
    public static GgufValue FromInt8(sbyte value) => new(GgufValueType.Int8, GgufValueType.Int8, value);
    public static GgufValue FromUInt16(ushort value) => new(GgufValueType.UInt16, GgufValueType.UInt16, value);
    public static GgufValue FromInt16(short value) => new(GgufValueType.Int16, GgufValueType.Int16, value);
    public static GgufValue FromUInt32(uint value) => new(GgufValueType.UInt32, GgufValueType.UInt32, value);
    public static GgufValue FromInt32(int value) => new(GgufValueType.Int32, GgufValueType.Int32, value);
    public static GgufValue FromUInt64(ulong value) => new(GgufValueType.UInt64, GgufValueType.UInt64, value);
    public static GgufValue FromInt64(long value) => new(GgufValueType.Int64, GgufValueType.Int64, value);
    public static GgufValue FromFloat32(float value) => new(GgufValueType.Float32, GgufValueType.Float32, value);
    public static GgufValue FromFloat64(double value) => new(GgufValueType.Float64, GgufValueType.Float64, value);
    public static GgufValue FromBool(bool value) => new(GgufValueType.Bool, GgufValueType.Bool, value);

    public static GgufValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, GgufValueType.String, value);
    }

    public static GgufValue ArrayOf(byte[] items) => MakeArray(GgufValueType.UInt8, items);
    public static GgufValue ArrayOf(sbyte[] items) => MakeArray(GgufValueType.Int8, items);
    public static GgufValue ArrayOf(ushort[] items) => MakeArray(GgufValueType.UInt16, items);
    public static GgufValue ArrayOf(short[] items) => MakeArray(GgufValueType.Int16, items);
    public static GgufValue ArrayOf(uint[] items) => MakeArray(GgufValueType.UInt32, items);
    public static GgufValue ArrayOf(int[] items) => MakeArray(GgufValueType.Int32, items);
    public static GgufValue ArrayOf(ulong[] items) => MakeArray(GgufValueType.UInt64, items);
    public static GgufValue ArrayOf(long[] items) => MakeArray(GgufValueType.Int64, items);
    public static GgufValue ArrayOf(float[] items) => MakeArray(GgufValueType.Float32, items);
    public static GgufValue ArrayOf(double[] items) => MakeArray(GgufValueType.Float64, items);
    public static GgufValue ArrayOf(bool[] items) => MakeArray(GgufValueType.Bool, items);

    public static GgufValue ArrayOf(string[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (Array.IndexOf(items, null) >= 0)
        {
            throw new ArgumentException("String arrays cannot hold null.", nameof(items));
        }

        return MakeArray(GgufValueType.String, items);
    }

    /// <summary>An array whose elements are themselves arrays (of any element types).</summary>
    public static GgufValue ArrayOf(GgufValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            if (item is null || !item.IsArray)
            {
                throw new ArgumentException("Nested GGUF arrays may only contain arrays.", nameof(items));
            }
        }

        return MakeArray(GgufValueType.Array, items);
    }

    public string AsString() => _value as string ?? throw NotA("string");

    public bool AsBool() => _value is bool b ? b : throw NotA("bool");

    /// <summary>Any integer value widened to Int64 (overflow for a UInt64 above Int64.MaxValue throws).</summary>
    public long ToInt64() => _value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        long v => v,
        ulong v => checked((long)v),
        _ => throw NotA("integer"),
    };

    /// <summary>Any integer value as Int32, checked.</summary>
    public int ToInt32() => checked((int)ToInt64());

    /// <summary>Any numeric scalar as a double.</summary>
    public double ToDouble() => _value switch
    {
        float v => v,
        double v => v,
        ulong v => v,
        byte or sbyte or ushort or short or uint or int or long => ToInt64(),
        _ => throw NotA("number"),
    };

    /// <summary>The elements of an array value, typed (string, int, float, GgufValue for nested arrays, ...).</summary>
    public IReadOnlyList<T> GetArray<T>() => _value as T[]
        ?? throw NotA($"array of {typeof(T).Name}");

    public override string ToString() => _value switch
    {
        string s => s,
        Array a => $"[{ElementType} x {a.Length}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => _value.ToString() ?? string.Empty,
    };

    private static GgufValue MakeArray(GgufValueType elementType, Array items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(GgufValueType.Array, elementType, items);
    }

    private InvalidOperationException NotA(string what) =>
        new($"The GGUF value is {(IsArray ? $"an array of {ElementType}" : Type.ToString())}, not {what}.");
}
