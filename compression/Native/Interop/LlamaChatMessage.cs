using System.Runtime.InteropServices;

namespace Compressor.Native.Interop;

/// <summary>Mirror of <c>llama_chat_message</c> (16 bytes): two UTF-8 C strings.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    public byte* Role;
    public byte* Content;
}
