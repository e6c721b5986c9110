namespace Compressor.Gguf;

/// <summary>The metadata value types of the GGUF format, with their on-disk codes.</summary>
#pragma warning disable CA1028 // The on-disk code is a uint32; the enum mirrors it exactly.
public enum GgufValueType : uint
#pragma warning restore CA1028
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}
