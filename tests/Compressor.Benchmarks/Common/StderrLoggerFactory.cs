using Microsoft.Extensions.Logging;

namespace Compressor.Benchmarks.Common;

/// <summary>Writes log lines at or above a level to stderr (llama.cpp's own messages when a native call fails).</summary>
public sealed class StderrLoggerFactory(LogLevel minimum) : ILoggerFactory, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            Console.Error.WriteLine($"[{logLevel}] {formatter(state, exception)}");
        }
    }

    public void Dispose()
    {
    }
}
