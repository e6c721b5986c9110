namespace Compressor.Native.Loading;

/// <summary>What <see cref="LlamaBackend.Initialize"/> actually got: flavour, devices and the CPU variant picked at run time.</summary>
public sealed record LlamaBackendInfo(
    LlamaBackendFlavor Flavor,
    string NativeDirectory,
    IReadOnlyList<LlamaDevice> Devices,
    string? CpuVariant,
    string SystemInfo)
{
    /// <summary>True when a GPU device registered (a CUDA flavour on a machine without a GPU runs on the CPU).</summary>
    public bool HasGpu => Devices.Any(d => d.Type is LlamaDeviceType.Gpu or LlamaDeviceType.IntegratedGpu);

    public override string ToString() =>
        $"{Flavor} from {NativeDirectory}; devices: {string.Join(", ", Devices.Select(d => $"{d.Name} ({d.Description})"))}; cpu variant: {CpuVariant ?? "unknown"}";
}
