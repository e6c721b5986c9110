using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Compressor.Native.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compressor.Native.Logging;

/// <summary>
/// Routes llama.cpp/ggml log output into Microsoft.Extensions.Logging (category "llama.cpp") and
/// remembers the last error line per thread, so a failing call (a grammar that does not parse, a
/// model that does not load) can report llama.cpp's own reason. The callback can run on native
/// threads and receives lines in pieces (level CONT continues the previous one).
/// </summary>
internal static unsafe partial class NativeLog
{
    private const int LevelDebug = 1, LevelInfo = 2, LevelWarn = 3, LevelError = 4, LevelCont = 5;

    private static ILogger logger = NullLogger.Instance;

    [ThreadStatic] private static StringBuilder? pending;
    [ThreadStatic] private static int pendingLevel;
    [ThreadStatic] private static string? lastError;

    public static void Attach(ILoggerFactory? factory)
    {
        logger = factory?.CreateLogger("llama.cpp") ?? NullLogger.Instance;
        LlamaApi.llama_log_set(&OnLog, 0);
    }

    /// <summary>The last error llama.cpp logged on this thread since the previous call, then forgets it.</summary>
    public static string? TakeLastError()
    {
        var e = lastError;
        lastError = null;
        return e;
    }

    public static void ClearLastError() => lastError = null;

    public static void BackendLoaded(string description) => LogBackendLoaded(logger, description);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, nint userData)
    {
        try
        {
            var piece = Marshal.PtrToStringUTF8((nint)text) ?? "";
            pending ??= new StringBuilder();
            if (level != LevelCont)
            {
                pendingLevel = level;
            }

            pending.Append(piece);
            if (!piece.EndsWith('\n'))
            {
                return;
            }

            var line = pending.ToString().TrimEnd();
            pending.Clear();
            if (pendingLevel == LevelError)
            {
                lastError = line;
            }

            var mapped = pendingLevel switch
            {
                LevelError => LogLevel.Error,
                LevelWarn => LogLevel.Warning,
                LevelInfo => LogLevel.Debug,
                LevelDebug => LogLevel.Trace,
                _ => LogLevel.Trace,
            };
            if (logger.IsEnabled(mapped))
            {
                logger.Log(mapped, new EventId(1000, "LlamaCpp"), "{Line}", line);
            }
        }
        catch (Exception)
        {
            // Never let an exception cross back into native code.
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "llama.cpp backend loaded: {Description}")]
    private static partial void LogBackendLoaded(ILogger logger, string description);
}
