namespace LlmBroker.Client.Internal;

/// <summary>
/// Reports a snapshot of a bulk operation's counters at a fixed interval while it runs (only when the
/// snapshot changed), and the final snapshot when disposed. Counters move on producer and listener
/// threads far more often than any display can use; sampling keeps the cost of progress independent
/// of the number of requests, and a slow progress handler never holds up a Kafka callback.
/// </summary>
internal sealed class ProgressSampler<T> : IDisposable
    where T : struct, IEquatable<T>
{
    private readonly IProgress<T> _progress;
    private readonly Func<T> _snapshot;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private T? _last;

    private ProgressSampler(IProgress<T> progress, Func<T> snapshot, TimeProvider time, TimeSpan interval)
    {
        _progress = progress;
        _snapshot = snapshot;
        _timer = time.CreateTimer(static state => ((ProgressSampler<T>)state!).OnTick(), this, interval, interval);
    }

    /// <summary>A sampler reporting to <paramref name="progress"/>, or null when there is nothing to report to.</summary>
    public static ProgressSampler<T>? Start(IProgress<T>? progress, Func<T> snapshot, TimeProvider time, TimeSpan interval) =>
        progress is null ? null : new ProgressSampler<T>(progress, snapshot, time, interval);

    /// <summary>Stops the timer and reports the final snapshot (on the caller's thread, so a handler's exception surfaces).</summary>
    public void Dispose()
    {
        _timer.Dispose();
        Report();
    }

    private void OnTick()
    {
        try
        {
            Report();
        }
        catch (Exception)
        {
            // A handler that throws on a timer thread would end the process; the final report runs on
            // the caller's thread and lets the exception surface there.
        }
    }

    private void Report()
    {
        // Under the lock, a snapshot taken later is also reported later: counters only grow, so the
        // handler never sees them go back.
        lock (_lock)
        {
            var current = _snapshot();
            if (_last is { } last && last.Equals(current))
            {
                return;
            }

            _last = current;
            _progress.Report(current);
        }
    }
}

/// <summary>A thread-safe count.</summary>
internal sealed class Counter
{
    private int _value;

    public int Value => Volatile.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
