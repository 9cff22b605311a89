using Microsoft.Extensions.Logging;

namespace LlmBroker.Pipeline.Tests;

/// <summary>
/// The partitions each host's stages hold, followed from the stages' own "assigned" and "revoked"
/// log events (the mock cluster cannot describe consumer groups).
/// </summary>
internal sealed class StageAssignments
{
    private const int AssignedEvent = 1206;
    private const int RevokedEvent = 1207;
    private const string StagePrefix = "LlmBroker.Stage.";
    private readonly Dictionary<(int Host, string Stage), HashSet<string>> _held = [];

    /// <summary>How many hosts hold at least one partition of <paramref name="stage"/>.</summary>
    public int HostsHolding(string stage)
    {
        lock (_held)
        {
            return _held.Count(h => h.Key.Stage == stage && h.Value.Count > 0);
        }
    }

    private void Record(int host, string stage, int eventId, string partitions)
    {
        var names = partitions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lock (_held)
        {
            if (!_held.TryGetValue((host, stage), out var held))
            {
                _held[(host, stage)] = held = [];
            }

            if (eventId == AssignedEvent)
            {
                held.UnionWith(names);
            }
            else
            {
                held.ExceptWith(names);
            }
        }
    }

    /// <summary>Feeds one host's stage log events to the record.</summary>
    public sealed class Provider(StageAssignments assignments, int host) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith(StagePrefix, StringComparison.Ordinal)
                ? new Logger(assignments, host, categoryName[StagePrefix.Length..])
                : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }
    }

    private sealed class Logger(StageAssignments assignments, int host, string stage) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is not (AssignedEvent or RevokedEvent) || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            if (values.FirstOrDefault(v => v.Key == "Partitions").Value is string partitions)
            {
                assignments.Record(host, stage, eventId.Id, partitions);
            }
        }
    }
}
