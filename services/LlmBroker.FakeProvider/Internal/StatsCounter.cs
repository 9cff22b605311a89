namespace LlmBroker.FakeProvider.Internal;

/// <summary>Lock-free counters; one array slot per status code keeps the hot path to a few interlocked adds.</summary>
internal sealed class StatsCounter
{
    private readonly long[] _byStatus = new long[600];
    private long _requests;
    private long _inFlight;
    private long _maxInFlight;
    private long _aborted;

    public void Begin()
    {
        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        var max = Volatile.Read(ref _maxInFlight);
        while (now > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, now, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public void End(int status, bool aborted)
    {
        Interlocked.Decrement(ref _inFlight);
        if (aborted || status is < 0 or >= 600)
        {
            Interlocked.Increment(ref _aborted);
        }
        else
        {
            Interlocked.Increment(ref _byStatus[status]);
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _aborted, 0);
        Interlocked.Exchange(ref _maxInFlight, Volatile.Read(ref _inFlight));
        for (var i = 0; i < _byStatus.Length; i++)
        {
            Interlocked.Exchange(ref _byStatus[i], 0);
        }
    }

    public FakeProviderStats Snapshot()
    {
        var byStatus = new SortedDictionary<int, long>();
        for (var i = 0; i < _byStatus.Length; i++)
        {
            var count = Volatile.Read(ref _byStatus[i]);
            if (count > 0)
            {
                byStatus[i] = count;
            }
        }

        return new FakeProviderStats(
            Volatile.Read(ref _requests),
            Volatile.Read(ref _inFlight),
            Volatile.Read(ref _maxInFlight),
            Volatile.Read(ref _aborted),
            byStatus);
    }
}
