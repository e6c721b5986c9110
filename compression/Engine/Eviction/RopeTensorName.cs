using System.Buffers.Text;

namespace Compressor.Engine.Eviction;

/// <summary>Parses "Qcur-&lt;layer&gt;" / "Kcur-&lt;layer&gt;" node names of llama.cpp graphs.</summary>
internal static class RopeTensorName
{
    /// <summary>'Q' or 'K' and the layer, or ('\0', -1) for any other node.</summary>
    public static (char Kind, int Layer) Parse(ReadOnlySpan<byte> name)
    {
        if (name.Length < 6 || name[1] != (byte)'c' || !name[1..5].SequenceEqual("cur-"u8) || name[0] is not ((byte)'Q' or (byte)'K'))
        {
            return ('\0', -1);
        }

        return Utf8Parser.TryParse(name[5..], out int layer, out var used) && used == name.Length - 5 ? ((char)name[0], layer) : ('\0', -1);
    }
}
