using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GistCloud.IntegrationTests.Infrastructure;

public sealed record LogLine(string Category, LogLevel Level, string Message, string? RunId);

/// <summary>Captures lines with the RunId of the scopes around them, as the JSON console writes it.</summary>
public sealed class ScopedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(ScopedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string? runId = null;
            owner._scopes.ForEachScope(
                (scope, _) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.FirstOrDefault(p => p.Key == "RunId").Value is string id)
                    {
                        runId = id;
                    }
                },
                (object?)null);
            owner.Lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), runId));
        }
    }
}
