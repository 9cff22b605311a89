namespace LlmBroker.FakeProvider.Internal;

/// <summary>
/// Bounded log of received requests: a ring buffer written lock-free (one interlocked increment per request);
/// when full the oldest entries are overwritten.
/// </summary>
internal sealed class RequestLog(int capacity)
{
    private long _sequence;
    private Ring _ring = new(capacity);

    public bool Enabled => capacity > 0;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(ReceivedRequest request)
    {
        var ring = Volatile.Read(ref _ring);
        var slot = Interlocked.Increment(ref ring.Written) - 1;
        ring.Entries[slot % ring.Entries.Length] = request;
    }

    public void Clear() => Volatile.Write(ref _ring, new Ring(capacity));

    /// <summary>The logged requests in arrival order; at most the newest <paramref name="last"/> when given.</summary>
    public IReadOnlyList<ReceivedRequest> Snapshot(int? last = null)
    {
        var ring = Volatile.Read(ref _ring);
        var entries = ring.Entries;
        var written = Volatile.Read(ref ring.Written);
        var count = (int)Math.Min(Math.Min(written, entries.Length), last ?? int.MaxValue);
        var result = new List<ReceivedRequest>(count);
        for (var slot = written - count; slot < written; slot++)
        {
            // A slot can still be empty if its writer has not stored its entry yet.
            if (Volatile.Read(ref entries[slot % entries.Length]) is { } entry)
            {
                result.Add(entry);
            }
        }

        result.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return result;
    }

    private sealed class Ring(int capacity)
    {
        public readonly ReceivedRequest?[] Entries = new ReceivedRequest?[Math.Max(1, capacity)];
        public long Written;
    }
}
