namespace Compressor.Client.Contracts;

/// <summary>One streamed generation event: a text delta, or (last) the whole result.</summary>
public sealed record GenerateUpdate(string? Text, GenerateResult? Result)
{
    public bool IsFinal => Result is not null;
}
