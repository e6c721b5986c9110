namespace Compressor.Native;

/// <summary>Mirror of <c>enum llama_pooling_type</c>.</summary>
public enum PoolingType
{
    Unspecified = -1,
    None = 0,
    Mean = 1,
    Cls = 2,
    Last = 3,
    Rank = 4,
}
