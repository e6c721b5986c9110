namespace Compressor.Native;

/// <summary>Mirror of <c>enum llama_flash_attn_type</c>. Auto turns it on where supported.</summary>
public enum FlashAttention
{
    Auto = -1,
    Disabled = 0,
    Enabled = 1,
}
