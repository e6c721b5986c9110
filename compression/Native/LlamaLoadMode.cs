namespace Compressor.Native;

/// <summary>Mirror of <c>enum llama_load_mode</c>.</summary>
public enum LlamaLoadMode
{
    Auto = -1,
    /// <summary>Read weights into memory without mmap: on CPU this avoids holding them twice (mmap plus repacked copy).</summary>
    None = 0,
    Mmap = 1,
    Mlock = 2,
    MmapMlock = 3,
    DirectIo = 4,
}
