namespace Compressor.Storage;

/// <summary>A page of the compression list, newest first.</summary>
/// <param name="Limit">Rows per page, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="Offset">Rows to skip, at least 0.</param>
/// <param name="Method">Only this method (exact match) when set.</param>
/// <param name="Model">Only this model (exact match) when set.</param>
/// <param name="Search">A case-insensitive literal substring of the input or output text when set.</param>
public sealed record CompressionQuery(
    int Limit = 20,
    int Offset = 0,
    string? Method = null,
    string? Model = null,
    string? Search = null)
{
    public const int MaxLimit = 200;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a limit or offset out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfNegative(Offset, nameof(Offset));
    }
}
