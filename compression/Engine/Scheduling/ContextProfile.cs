namespace Compressor.Engine.Scheduling;

/// <summary>
/// Context configurations that cannot be switched after creation in llama.cpp: generation with
/// flash attention, attention scoring with flash attention off and tensor capture, and mean-pooled
/// sentence embeddings. Note: a sequence state saved with flash attention off does not restore into a
/// flash-attention context (llama.cpp rejects it), so a request that scores also decodes in its scoring context.
/// </summary>
public enum ContextProfile
{
    Generation,
    Scoring,
    Embedding,
}
