namespace LlmBroker.Governance.Internal;

/// <summary>
/// Remembers recently accepted signed requests (request id, signature, Kafka position) so the same
/// signed request seen at another position is recognised as a replay, while a redelivery of the same
/// message (same position) is not. Entries older than the signature window are forgotten: a replay
/// later than that fails the timestamp check instead. Thread-safe; bounded.
/// </summary>
internal sealed class ReplayGuard(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string RequestId, DateTimeOffset SeenAt)> _order = new();

    public enum Verdict
    {
        First,
        Redelivery,
        Replay,
    }

    public Verdict Check(string requestId, ReadOnlySpan<byte> signature, string position, DateTimeOffset now, TimeSpan window)
    {
        var fingerprint = Convert.ToBase64String(signature);
        lock (_lock)
        {
            while (_order.Count > 0 && (_order.Count > capacity || _order.Peek().SeenAt < now - window))
            {
                var (old, seenAt) = _order.Dequeue();
                if (_entries.TryGetValue(old, out var entry) && entry.SeenAt == seenAt)
                {
                    _entries.Remove(old);
                }
            }

            if (_entries.TryGetValue(requestId, out var seen) && seen.Signature == fingerprint)
            {
                return seen.Position == position ? Verdict.Redelivery : Verdict.Replay;
            }

            _entries[requestId] = new Entry(fingerprint, position, now);
            _order.Enqueue((requestId, now));
            return Verdict.First;
        }
    }

    private sealed record Entry(string Signature, string Position, DateTimeOffset SeenAt);
}
