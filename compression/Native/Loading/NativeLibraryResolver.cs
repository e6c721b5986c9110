using System.Reflection;
using System.Runtime.InteropServices;
using Compressor.Native.Interop;

namespace Compressor.Native.Loading;

/// <summary>
/// Maps the logical names in [LibraryImport] to the versioned files of the npm packages
/// (libllama.v0.5.0.so, libllama.cuda.v0.5.0.so, ...): plain name probing cannot find them and
/// LD_LIBRARY_PATH set from inside the process has no effect.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly Dictionary<string, nint> Handles = new(StringComparer.Ordinal);

    public static void Install(string directory)
    {
        Load(NativeLibraryNames.GgmlBase, Find(directory, "libggml-base.so"));
        Load(NativeLibraryNames.Ggml, Find(directory, "libggml.*.so"));
        Load(NativeLibraryNames.Llama, Find(directory, "libllama.*.so"));
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        Handles.TryGetValue(name, out var handle) ? handle : 0;

    private static void Load(string logicalName, string file)
    {
        try
        {
            Handles[logicalName] = NativeLibrary.Load(file);
        }
        catch (DllNotFoundException e)
        {
            throw new LlamaException(LlamaErrorCode.BackendUnavailable, $"cannot load {file}: {e.Message}", e);
        }
    }

    private static string Find(string directory, string pattern)
    {
        if (!Directory.Exists(directory))
        {
            throw new LlamaException(LlamaErrorCode.BackendUnavailable,
                $"native library directory '{directory}' does not exist; run deploy/fetch-native.sh");
        }

        var match = Directory.GetFiles(directory, pattern)
            .Where(f => !Path.GetFileName(f).StartsWith("libllama-common", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();
        return match ?? throw new LlamaException(LlamaErrorCode.BackendUnavailable,
            $"no file matching {pattern} in '{directory}'; run deploy/fetch-native.sh");
    }
}
