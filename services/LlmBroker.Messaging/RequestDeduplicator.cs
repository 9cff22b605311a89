namespace LlmBroker.Messaging;

/// <summary>
/// Remembers the request ids a stage has processed (or is processing) so that a redelivered or
/// resubmitted request is not processed twice. Bounded: the oldest ids are forgotten first. Each
/// stage owns its own instance. Thread-safe.
/// </summary>
public sealed class RequestDeduplicator
{
    /// <summary>Ids remembered by default.</summary>
    public const int DefaultCapacity = 200_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _seen;
    private readonly Queue<string> _order;
    private readonly int _capacity;

    /// <summary>Creates a deduplicator remembering up to <paramref name="capacity"/> ids.</summary>
    public RequestDeduplicator(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _seen = new Dictionary<string, bool>(Math.Min(capacity, 65_536), StringComparer.Ordinal);
        _order = new Queue<string>(Math.Min(capacity, 65_536));
    }

    /// <summary>Ids currently remembered.</summary>
    public int Count
    {
        get { lock (_lock) { return _seen.Count; } }
    }

    /// <summary>
    /// Runs <paramref name="work"/> unless the id was seen: the id stays remembered when the work
    /// succeeds and is released when it throws (so a retry may run it). Returns false when skipped.
    /// </summary>
    public async Task<bool> RunOnceAsync(string requestId, Func<Task> work)
    {
        if (!TryBegin(requestId))
        {
            return false;
        }

        try
        {
            await work().ConfigureAwait(false);
        }
        catch
        {
            Abandon(requestId);
            throw;
        }

        Complete(requestId);
        return true;
    }

    /// <summary>
    /// Claims an id. False when it is being processed or was processed already: the caller must skip
    /// the message. A claim ends with <see cref="Complete"/> or <see cref="Abandon"/>.
    /// </summary>
    public bool TryBegin(string requestId)
    {
        lock (_lock)
        {
            if (_seen.ContainsKey(requestId))
            {
                return false;
            }

            _seen[requestId] = false;
            _order.Enqueue(requestId);
            while (_order.Count > _capacity)
            {
                var oldest = _order.Dequeue();
                if (_seen.TryGetValue(oldest, out var done) && done)
                {
                    _seen.Remove(oldest);
                }
                else if (_seen.ContainsKey(oldest))
                {
                    // Still in flight: keep it and look at it again later.
                    _order.Enqueue(oldest);
                    break;
                }
            }

            return true;
        }
    }

    /// <summary>Marks a claimed id processed; it stays remembered.</summary>
    public void Complete(string requestId)
    {
        lock (_lock)
        {
            if (_seen.ContainsKey(requestId))
            {
                _seen[requestId] = true;
            }
        }
    }

    /// <summary>Releases a claim whose processing failed, so a retry may claim it again.</summary>
    public void Abandon(string requestId)
    {
        lock (_lock)
        {
            _seen.Remove(requestId);
        }
    }
}
