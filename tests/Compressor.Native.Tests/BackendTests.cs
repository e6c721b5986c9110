using Compressor.Native.Loading;

namespace Compressor.Native.Tests;

public sealed class BackendTests
{
    [Fact]
    public void Loading_reports_devices_and_cpu_variant()
    {
        var info = NativeFixture.EnsureBackend();
        Assert.Equal(LlamaBackendFlavor.Cpu, info.Flavor);
        Assert.Contains(info.Devices, d => d.Type == LlamaDeviceType.Cpu);
        Assert.False(string.IsNullOrEmpty(info.CpuVariant));
        Assert.Same(info, NativeFixture.EnsureBackend());
    }

    [Fact]
    public void A_second_flavour_in_one_process_is_refused()
    {
        var info = NativeFixture.EnsureBackend();
        var e = Assert.Throws<LlamaException>(() => LlamaBackend.Initialize(new LlamaBackendOptions(info.NativeDirectory, LlamaBackendFlavor.Cuda)));
        Assert.Equal(LlamaErrorCode.BackendUnavailable, e.Code);
    }

    [Fact]
    public void Physical_core_count_is_positive_and_bounded()
    {
        Assert.InRange(CpuInfo.PhysicalCores, 1, Environment.ProcessorCount);
    }
}
