namespace LlmBroker.Routing.Limits;

/// <summary>A token bucket's shape: how fast it refills and how much it holds.</summary>
/// <param name="Key">Names the bucket, e.g. <c>deployment:openai-east:rpm</c>; shared by every router.</param>
/// <param name="RatePerSecond">Tokens added per second.</param>
/// <param name="Capacity">The most tokens the bucket holds (the largest burst).</param>
public sealed record QuotaBucket(string Key, double RatePerSecond, double Capacity);

/// <summary>The answer to a take: granted, or when to ask again.</summary>
/// <param name="Granted">Whether the tokens were taken.</param>
/// <param name="RetryAfter">When not granted: how long until the bucket should hold enough.</param>
public readonly record struct QuotaGrant(bool Granted, TimeSpan RetryAfter);

/// <summary>
/// Where token buckets live. The PostgreSQL store makes a bucket shared by every router process, so
/// two routers never exceed a deployment's limit together; the in-memory store serves one process.
/// </summary>
public interface IQuotaStore
{
    /// <summary>
    /// Takes <paramref name="amount"/> tokens from <paramref name="bucket"/> at <paramref name="now"/>,
    /// all or nothing. A take larger than the capacity is granted when the bucket is full (the bucket
    /// goes into debt), so a request larger than the burst still goes through, alone.
    /// </summary>
    ValueTask<QuotaGrant> TakeAsync(QuotaBucket bucket, double amount, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Token buckets in this process's memory: correct for one router process.</summary>
public sealed class InMemoryQuotaStore : IQuotaStore
{
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public ValueTask<QuotaGrant> TakeAsync(QuotaBucket bucket, double amount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var available = Refilled(bucket, now);
            var needed = Math.Min(amount, bucket.Capacity);
            if (available >= needed)
            {
                _buckets[bucket.Key] = (available - amount, Max(now, bucket.Key));
                return ValueTask.FromResult(new QuotaGrant(true, TimeSpan.Zero));
            }

            _buckets[bucket.Key] = (available, Max(now, bucket.Key));
            return ValueTask.FromResult(new QuotaGrant(false, QuotaMath.WaitFor(needed - available, bucket.RatePerSecond)));
        }
    }

    private double Refilled(QuotaBucket bucket, DateTimeOffset now) =>
        _buckets.TryGetValue(bucket.Key, out var state)
            ? Math.Min(bucket.Capacity, state.Tokens + (bucket.RatePerSecond * Math.Max(0, (now - state.At).TotalSeconds)))
            : bucket.Capacity;

    private DateTimeOffset Max(DateTimeOffset now, string key) =>
        _buckets.TryGetValue(key, out var state) && state.At > now ? state.At : now;
}

/// <summary>Arithmetic shared by the stores.</summary>
public static class QuotaMath
{
    /// <summary>The time <paramref name="missing"/> tokens take to refill at <paramref name="ratePerSecond"/>, at least 5 ms.</summary>
    public static TimeSpan WaitFor(double missing, double ratePerSecond) =>
        TimeSpan.FromSeconds(Math.Clamp(missing / Math.Max(ratePerSecond, 1e-9), 0.005, 60));
}
