namespace Compressor.Compression.Chunking;

/// <summary>What the chunk planner knows of one segment: its size, whether it must stand alone, whether it opens a section.</summary>
public readonly record struct ChunkUnit(int Tokens, bool Atomic, bool OpensSection);
