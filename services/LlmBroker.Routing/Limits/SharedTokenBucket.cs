using System.Threading.RateLimiting;

namespace LlmBroker.Routing.Limits;

/// <summary>
/// One rate limit (a deployment's requests or tokens per minute) as seen by one router: tokens are
/// taken from the shared <see cref="IQuotaStore"/> in small chunks and handed to waiting calls,
/// interactive calls before batch calls, first come first served within a lane. Each lane is exposed
/// as a <see cref="RateLimiter"/>; a call that cannot wait cancels its acquisition and leaves the queue.
/// </summary>
/// <remarks>
/// Tokens fetched but not yet handed out stay with this router: across routers the limit can be
/// exceeded by at most one chunk per router, on top of the bucket's burst capacity.
/// </remarks>
public sealed class SharedTokenBucket : IDisposable
{
    private readonly IQuotaStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter>[] _queues = [new(), new()];
    private readonly LaneLimiter[] _lanes;
    private readonly CancellationTokenSource _disposed = new();
    private QuotaBucket _bucket;
    private double _local;
    private bool _refilling;
    private long _granted;

    /// <summary>A limiter over <paramref name="bucket"/> in <paramref name="store"/>.</summary>
    public SharedTokenBucket(QuotaBucket bucket, IQuotaStore store, TimeProvider time)
    {
        _bucket = bucket;
        _store = store;
        _time = time;
        _lanes = [new LaneLimiter(this, 0), new LaneLimiter(this, 1)];
    }

    /// <summary>The bucket's shape; a new shape (a configuration reload) applies to the next fetch.</summary>
    public QuotaBucket Bucket
    {
        get => Volatile.Read(ref _bucket);
        set => Volatile.Write(ref _bucket, value);
    }

    /// <summary>The limiter interactive calls acquire from: served before every waiting batch call.</summary>
    public RateLimiter Interactive => _lanes[0];

    /// <summary>The limiter batch calls acquire from: served when no interactive call waits.</summary>
    public RateLimiter Batch => _lanes[1];

    /// <summary>Tokens handed out so far (for tests and metrics).</summary>
    public long Granted => Interlocked.Read(ref _granted);

    /// <summary>True when a call of either lane waits for tokens.</summary>
    public bool HasWaiters
    {
        get
        {
            lock (_gate)
            {
                return _queues[0].Count + _queues[1].Count > 0;
            }
        }
    }

    /// <summary>
    /// Settles an estimate with what was used: returns unused tokens, or charges the overrun (this
    /// router's next calls wait for it).
    /// </summary>
    public void Settle(double estimated, double actual)
    {
        var difference = estimated - actual;
        if (difference == 0)
        {
            return;
        }

        lock (_gate)
        {
            _local += difference;
            Grant();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed.Cancel();
        lock (_gate)
        {
            foreach (var waiter in _queues.SelectMany(q => q))
            {
                waiter.Completion.TrySetResult(Lease.Failed(TimeSpan.Zero));
            }

            _queues[0].Clear();
            _queues[1].Clear();
        }

        _disposed.Dispose();
    }

    private RateLimitLease TryAcquire(int priority, int permits)
    {
        lock (_gate)
        {
            if (CanTakeNow(priority, permits))
            {
                Take(permits);
                return Lease.Acquired;
            }

            return Lease.Failed(QuotaMath.WaitFor(permits - _local, Bucket.RatePerSecond));
        }
    }

    private ValueTask<RateLimitLease> AcquireAsync(int priority, int permits, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (CanTakeNow(priority, permits))
            {
                Take(permits);
                return ValueTask.FromResult<RateLimitLease>(Lease.Acquired);
            }

            waiter = new Waiter(permits);
            waiter.Node = _queues[priority].AddLast(waiter);
            if (!_refilling)
            {
                _refilling = true;
                _ = Task.Run(RefillAsync, CancellationToken.None);
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    if (waiter.Node?.List is { } list)
                    {
                        list.Remove(waiter.Node);
                        // A large waiter leaving may let smaller ones behind it go.
                        Grant();
                    }
                }

                waiter.Completion.TrySetCanceled(cancellationToken);
            });
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    // Only when nobody of this lane or a more urgent lane already waits: no overtaking.
    private bool CanTakeNow(int priority, int permits) =>
        _local >= permits && _queues[0].Count == 0 && (priority == 0 || _queues[1].Count == 0);

    private void Take(int permits)
    {
        _local -= permits;
        Interlocked.Add(ref _granted, permits);
    }

    private async Task RefillAsync()
    {
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                double missing;
                lock (_gate)
                {
                    Grant();
                    var head = _queues[0].First?.Value ?? _queues[1].First?.Value;
                    if (head is null)
                    {
                        _refilling = false;
                        return;
                    }

                    missing = head.Permits - _local;
                }

                var bucket = Bucket;
                // Fetch a little ahead (a quarter second of refill) so a busy router asks the store a
                // few times a second, not once per call.
                var chunk = Math.Max(missing, Math.Max(1, Math.Floor(bucket.RatePerSecond / 4)));
                var now = _time.GetUtcNow();
                var grant = await _store.TakeAsync(bucket, chunk, now, _disposed.Token).ConfigureAwait(false);
                if (!grant.Granted && chunk > missing)
                {
                    chunk = missing;
                    grant = await _store.TakeAsync(bucket, chunk, now, _disposed.Token).ConfigureAwait(false);
                }

                if (grant.Granted)
                {
                    lock (_gate)
                    {
                        _local += chunk;
                    }

                    continue;
                }

                await Task.Delay(grant.RetryAfter, _time, _disposed.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception)
        {
            // The store failed (PostgreSQL unreachable): let the waiters fail over to their own
            // handling rather than wait forever; the next acquisition starts a new refill.
            lock (_gate)
            {
                _refilling = false;
                foreach (var waiter in _queues.SelectMany(q => q).ToArray())
                {
                    waiter.Node!.List!.Remove(waiter.Node);
                    waiter.Completion.TrySetResult(Lease.Failed(TimeSpan.FromSeconds(1)));
                }
            }
        }
    }

    // Under the lock: hands tokens to waiters in lane order, stopping at the first that does not fit.
    private void Grant()
    {
        foreach (var queue in _queues)
        {
            while (queue.First is { } first && _local >= first.Value.Permits)
            {
                queue.RemoveFirst();
                first.Value.Node = null;
                Take(first.Value.Permits);
                // Unregister, not Dispose: Dispose waits for a running cancellation callback, which
                // itself waits for this lock.
                first.Value.Registration.Unregister();
                first.Value.Completion.TrySetResult(Lease.Acquired);
            }

            if (queue.Count > 0)
            {
                return;
            }
        }
    }

    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    /// <summary>One lane's view of the bucket.</summary>
    private sealed class LaneLimiter(SharedTokenBucket bucket, int priority) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics GetStatistics()
        {
            lock (bucket._gate)
            {
                return new RateLimiterStatistics
                {
                    CurrentAvailablePermits = (long)Math.Max(0, bucket._local),
                    CurrentQueuedCount = bucket._queues[priority].Sum(w => w.Permits),
                    TotalSuccessfulLeases = bucket.Granted,
                };
            }
        }

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => bucket.TryAcquire(priority, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            bucket.AcquireAsync(priority, permitCount, cancellationToken);
    }

    /// <summary>Leases carry nothing to release: tokens are spent when acquired.</summary>
    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static Lease Acquired { get; } = new(true, null);

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Failed(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
