using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Eals.Integration.Tests.Skg;

/// <summary>Every log line a running host writes from the moment it is added, with exceptions in full, for "never in the logs" checks.</summary>
public sealed class CapturedLogText : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string structured = state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join(' ', values.Select(v => $"{v.Key}={Render(v.Value)}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {structured} {exception}");
        }

        // Byte arrays in structured values would hide from a plain ToString(): render them as hex and base64.
        private static string? Render(object? value) => value is byte[] bytes ? Convert.ToHexString(bytes) + " " + Convert.ToBase64String(bytes) : value?.ToString();
    }
}
