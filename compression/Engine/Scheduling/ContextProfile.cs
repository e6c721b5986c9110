namespace Compressor.Engine.Scheduling;

/// <summary>
/// Context configurations that cannot be switched after creation in llama.cpp: generation with
/// flash attention, attention scoring with flash attention off and tensor capture, and mean-pooled
/// sentence embeddings. Generation and scoring share a sequence layout, so states move between them.
/// </summary>
public enum ContextProfile
{
    Generation,
    Scoring,
    Embedding,
}
