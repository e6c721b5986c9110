namespace Compressor.Evaluation.Reader;

/// <summary>A model that reads a (compressed) context and answers: local GGUF or an OpenAI-compatible endpoint.</summary>
internal interface IReader
{
    string Name { get; }

    Task<string> CompleteAsync(string prompt, int maxTokens, CancellationToken cancellationToken);
}
