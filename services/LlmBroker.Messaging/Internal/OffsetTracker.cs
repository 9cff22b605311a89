namespace LlmBroker.Messaging.Internal;

/// <summary>
/// Offsets of one partition that are being processed, completed in any order. The commit position
/// is the lowest offset still in flight, or one past the highest offset seen when none is: only the
/// contiguous completed prefix is ever committed. Offsets must be tracked in increasing order (gaps
/// are allowed: transaction markers and compaction leave holes). Thread-safe.
/// </summary>
internal sealed class OffsetTracker
{
    private readonly Lock _lock = new();
    private long[] _offsets = new long[64];
    private bool[] _done = new bool[64];
    private int _head;
    private int _count;
    private long _nextAfterHighest = -1;
    private long _storedPosition = -1;

    /// <summary>Messages tracked and not yet part of the committable prefix.</summary>
    public int InFlight
    {
        get { lock (_lock) { return _count; } }
    }

    /// <summary>Set once the partition is revoked or lost; completions are then ignored.</summary>
    public bool Revoked { get; private set; }

    /// <summary>Starts tracking an offset. Offsets must increase.</summary>
    public void Track(long offset)
    {
        lock (_lock)
        {
            if (offset < _nextAfterHighest)
            {
                throw new InvalidOperationException($"Offset {offset} tracked after {_nextAfterHighest - 1}.");
            }

            if (_count == _offsets.Length)
            {
                Grow();
            }

            var tail = (_head + _count) % _offsets.Length;
            _offsets[tail] = offset;
            _done[tail] = false;
            _count++;
            _nextAfterHighest = offset + 1;
        }
    }

    /// <summary>Marks an offset processed. Returns false when it is not tracked (revoked, or twice).</summary>
    public bool Complete(long offset)
    {
        lock (_lock)
        {
            if (Revoked)
            {
                return false;
            }

            var index = Find(offset);
            if (index < 0 || _done[index])
            {
                return false;
            }

            _done[index] = true;
            while (_count > 0 && _done[_head])
            {
                _head = (_head + 1) % _offsets.Length;
                _count--;
            }

            return true;
        }
    }

    /// <summary>
    /// The next offset to commit, or null when nothing has been tracked yet. Never ahead of the
    /// lowest offset in flight.
    /// </summary>
    public long? CommitPosition
    {
        get
        {
            lock (_lock)
            {
                if (_count > 0)
                {
                    return _offsets[_head];
                }

                return _nextAfterHighest < 0 ? null : _nextAfterHighest;
            }
        }
    }

    /// <summary>
    /// Returns the commit position when it moved since the last call, for storing. Null when there is
    /// nothing new to store or the partition was revoked.
    /// </summary>
    public long? TakePositionToStore()
    {
        lock (_lock)
        {
            if (Revoked)
            {
                return null;
            }

            var position = _count > 0 ? _offsets[_head] : _nextAfterHighest;
            if (position < 0 || position == _storedPosition)
            {
                return null;
            }

            _storedPosition = position;
            return position;
        }
    }

    /// <summary>The last position handed out could not be stored: hand it out again next time.</summary>
    public void ForgetStoredPosition()
    {
        lock (_lock)
        {
            _storedPosition = -1;
        }
    }

    /// <summary>Stops the tracker: later completions are ignored and nothing more is stored.</summary>
    public void Revoke()
    {
        lock (_lock)
        {
            Revoked = true;
        }
    }

    private int Find(long offset)
    {
        // Offsets are strictly increasing from head to tail: binary search the ring.
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var index = (_head + mid) % _offsets.Length;
            var value = _offsets[index];
            if (value == offset)
            {
                return index;
            }

            if (value < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private void Grow()
    {
        var offsets = new long[_offsets.Length * 2];
        var done = new bool[_offsets.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            var index = (_head + i) % _offsets.Length;
            offsets[i] = _offsets[index];
            done[i] = _done[index];
        }

        _offsets = offsets;
        _done = done;
        _head = 0;
    }
}
