using System.Collections.Concurrent;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Routing.Limits;

/// <summary>
/// The token buckets of every limit this router enforces (deployments' and apps' requests and tokens
/// per minute), created on first use and reshaped when a limit changes. A bucket holds ten seconds of
/// its rate as burst, so in any minute a limit is exceeded by at most that burst.
/// </summary>
public sealed class RateLimitRegistry(IQuotaStore store, TimeProvider time) : IDisposable
{
    /// <summary>Seconds of a limit's rate a bucket holds as burst.</summary>
    public const double BurstSeconds = 10;

    private readonly ConcurrentDictionary<string, SharedTokenBucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>The bucket of <paramref name="key"/> for <paramref name="perMinute"/>, or null when the limit is off (0).</summary>
    public SharedTokenBucket? Get(string key, int perMinute)
    {
        if (perMinute <= 0)
        {
            return null;
        }

        var bucket = _buckets.GetOrAdd(key, (k, limit) => new SharedTokenBucket(Shape(k, limit), store, time), perMinute);
        if (Math.Abs((bucket.Bucket.RatePerSecond * 60) - perMinute) > 1e-6)
        {
            bucket.Bucket = Shape(key, perMinute);
        }

        return bucket;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private static QuotaBucket Shape(string key, int perMinute) =>
        new(key, perMinute / 60.0, Math.Max(1, Math.Floor(perMinute / 60.0 * BurstSeconds)));
}

/// <summary>Acquiring from buckets with a lane's priority.</summary>
public static class RateLimitAcquire
{
    /// <summary>Waits for <paramref name="permits"/> of <paramref name="bucket"/> in <paramref name="lane"/>; false when cancelled.</summary>
    public static async ValueTask<bool> TryAcquireAsync(SharedTokenBucket bucket, Lane lane, int permits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var limiter = lane == Lane.Batch ? bucket.Batch : bucket.Interactive;
        try
        {
            using var lease = await limiter.AcquireAsync(Math.Max(1, permits), cancellationToken).ConfigureAwait(false);
            return lease.IsAcquired;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
