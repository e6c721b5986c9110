namespace Compressor.Constraints.Gbnf;

/// <summary>
/// What the recognizer found: <see cref="IsMatch"/> when the whole input is in the language,
/// <see cref="IsPrefix"/> when some continuation would make it so (true whenever IsMatch), and the
/// code-point index where the input stopped being a viable prefix (-1 when it never did).
/// </summary>
public readonly record struct GbnfMatchResult(bool IsMatch, bool IsPrefix, int FailedAt);
