using System.Runtime.InteropServices;
using Compressor.Native.Interop;
using Compressor.Native.Logging;
using Microsoft.Extensions.Logging;

namespace Compressor.Native.Loading;

/// <summary>
/// Process-wide llama.cpp initialisation. Backends must be registered from the library folder
/// before <c>llama_backend_init</c>, or model loading fails with "no backends are loaded".
/// Idempotent; a second call with a different folder or flavour is an error (both flavours share
/// libggml-base and cannot live in one process).
/// </summary>
public static unsafe class LlamaBackend
{
    private static readonly Lock Gate = new();
    private static LlamaBackendInfo? current;

    /// <summary>The loaded backend, or null before <see cref="Initialize"/>.</summary>
    public static LlamaBackendInfo? Current => Volatile.Read(ref current);

    public static LlamaBackendInfo Initialize(LlamaBackendOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (Gate)
        {
            var directory = Path.GetFullPath(options.NativeDirectory);
            if (current is not null)
            {
                if (current.NativeDirectory != directory || current.Flavor != options.Flavor)
                {
                    throw new LlamaException(LlamaErrorCode.BackendUnavailable,
                        $"llama.cpp is already loaded from {current.NativeDirectory} ({current.Flavor}); one process holds one flavour");
                }

                return current;
            }

            NativeLibraryResolver.Install(directory);
            NativeLog.Attach(loggerFactory);
            LlamaApi.ggml_backend_load_all_from_path(directory);
            LlamaApi.llama_backend_init();

            var info = new LlamaBackendInfo(options.Flavor, directory, ReadDevices(), FindCpuVariant(),
                Marshal.PtrToStringUTF8((nint)LlamaApi.llama_print_system_info()) ?? "");
            NativeLog.BackendLoaded(info.ToString());
            Volatile.Write(ref current, info);
            return info;
        }
    }

    /// <summary>Throws unless <see cref="Initialize"/> has run.</summary>
    public static LlamaBackendInfo EnsureInitialized() =>
        Current ?? throw new LlamaException(LlamaErrorCode.BackendUnavailable, "LlamaBackend.Initialize has not been called");

    private static List<LlamaDevice> ReadDevices()
    {
        var devices = new List<LlamaDevice>();
        var count = (int)LlamaApi.ggml_backend_dev_count();
        for (var i = 0; i < count; i++)
        {
            var dev = LlamaApi.ggml_backend_dev_get((nuint)i);
            nuint free = 0, total = 0;
            LlamaApi.ggml_backend_dev_memory(dev, &free, &total);
            devices.Add(new LlamaDevice(
                Marshal.PtrToStringUTF8((nint)LlamaApi.ggml_backend_dev_name(dev)) ?? "?",
                Marshal.PtrToStringUTF8((nint)LlamaApi.ggml_backend_dev_description(dev)) ?? "",
                (LlamaDeviceType)LlamaApi.ggml_backend_dev_type(dev),
                (long)free,
                (long)total));
        }

        return devices;
    }

    /// <summary>ggml picks the best libggml-cpu-&lt;arch&gt;.so at run time; the process map tells which.</summary>
    private static string? FindCpuVariant()
    {
        try
        {
            const string marker = "libggml-cpu-";
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var name = line[(at + marker.Length)..];
                    return name.EndsWith(".so", StringComparison.Ordinal) ? name[..^3] : name;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux or no procfs: the variant is informational only.
        }

        return null;
    }
}
