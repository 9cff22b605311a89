using System.Diagnostics;
using System.Threading.RateLimiting;
using LlmBroker.Routing.Limits;
using LlmBroker.Sinks;
using LlmBroker.Testing.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Pipeline.Tests;

/// <summary>The shared token buckets behind deployment limits, alone and across two routers.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public void InMemoryStore_RefillsAtTheRateUpToCapacity()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var store = new InMemoryQuotaStore();
        var bucket = new QuotaBucket("d:rpm", RatePerSecond: 10, Capacity: 5);

        Assert.True(Take(5).Granted);
        var refused = Take(1);
        Assert.False(refused.Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(100), refused.RetryAfter);
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(Take(3).Granted);
        Assert.False(Take(1).Granted);
        time.Advance(TimeSpan.FromHours(1));
        Assert.True(Take(5).Granted); // capped at the capacity, not an hour of refill
        Assert.False(Take(1).Granted);

        // Larger than the capacity: granted once full, then the bucket is in debt.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Take(8).Granted);
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.False(Take(1).Granted);

        QuotaGrant Take(double amount) => store.TakeAsync(bucket, amount, time.GetUtcNow(), CancellationToken.None).AsTask().Result;
    }

    [Fact]
    public async Task Bucket_InteractiveWaitersServedBeforeBatchWaiters()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var bucket = new SharedTokenBucket(new QuotaBucket("d:rpm", 1, 1), new InMemoryQuotaStore(), time);
        Assert.True((await bucket.Batch.AcquireAsync(1)).IsAcquired);

        var order = new List<string>();
        var batch = Enumerable.Range(0, 3).Select(i => bucket.Batch.AcquireAsync(1).AsTask().ContinueWith(_ => { lock (order) { order.Add($"b{i}"); } }, TaskScheduler.Default)).ToArray();
        await Eventually.TrueAsync(() => bucket.Batch.GetStatistics()!.CurrentQueuedCount == 3, TimeSpan.FromSeconds(10), "3 batch waiters");
        var interactive = bucket.Interactive.AcquireAsync(1).AsTask().ContinueWith(_ => { lock (order) { order.Add("i"); } }, TaskScheduler.Default);
        Assert.False(bucket.Interactive.AttemptAcquire(1).IsAcquired);

        for (var second = 0; second < 10 && order.Count < 4; second++)
        {
            await Eventually.TrueAsync(() => time.GetUtcNow() > DateTimeOffset.UnixEpoch || bucket.HasWaiters, TimeSpan.FromSeconds(10), "a waiter");
            time.Advance(TimeSpan.FromSeconds(1));
            var expected = second + 1;
            await Eventually.TrueAsync(() => { lock (order) { return order.Count >= Math.Min(expected, 4); } }, TimeSpan.FromSeconds(10), $"{expected} grants");
        }

        await Task.WhenAll([.. batch, interactive]);
        Assert.Equal(["i", "b0", "b1", "b2"], order);
    }

    [Fact]
    public async Task Bucket_CancelledWaiterLeavesTheQueueAndOthersStillServed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var bucket = new SharedTokenBucket(new QuotaBucket("d:tpm", 100, 100), new InMemoryQuotaStore(), time);
        Assert.True((await bucket.Interactive.AcquireAsync(100)).IsAcquired);
        using var deadline = new CancellationTokenSource();
        var big = bucket.Interactive.AcquireAsync(100, deadline.Token).AsTask();
        var small = bucket.Batch.AcquireAsync(10).AsTask();

        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => big);
        await Eventually.TrueAsync(() => { time.Advance(TimeSpan.FromMilliseconds(100)); return small.IsCompleted; }, TimeSpan.FromSeconds(10), "the batch waiter behind the cancelled one");
        Assert.True((await small).IsAcquired);
    }

    [Fact]
    public async Task Bucket_WaitersCancelledWhileBeingGranted_NeverHang()
    {
        // Grants and cancellations race all the time here: a cancellation callback waiting for the
        // bucket's lock must never block the grant that holds it.
        using var bucket = new SharedTokenBucket(new QuotaBucket("d:rpm", 4000, 5), new InMemoryQuotaStore(), TimeProvider.System);
        var granted = 0;
        var callers = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            for (var n = 0; n < 200; n++)
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromMilliseconds(1 + (n % 3)));
                if (await RateLimitAcquire.TryAcquireAsync(bucket, i % 2 == 0 ? LlmBroker.Contracts.V1.Lane.Batch : LlmBroker.Contracts.V1.Lane.Interactive, 1, probe.Token))
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })).ToArray();

        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(granted > 0);
        Assert.False(bucket.HasWaiters);
    }

    [Fact]
    public async Task Bucket_SettleReturnsUnusedTokensAndChargesOverruns()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var bucket = new SharedTokenBucket(new QuotaBucket("d:tpm", 1, 1000), new InMemoryQuotaStore(), time);
        Assert.True((await bucket.Batch.AcquireAsync(1000)).IsAcquired);
        Assert.False(bucket.Batch.AttemptAcquire(300).IsAcquired);

        bucket.Settle(estimated: 1000, actual: 600);
        Assert.True(bucket.Batch.AttemptAcquire(300).IsAcquired);
        bucket.Settle(estimated: 300, actual: 500);
        Assert.False(bucket.Batch.AttemptAcquire(1).IsAcquired); // 100 left, 200 overrun: in debt
    }

    [Fact]
    public async Task TwoRouters_SharingOneBucketInPostgres_StayWithinTheLimitPlusOneChunkEach()
    {
        var postgres = await PostgresEnvironment.GetAsync();
        await using var schema = await postgres.CreateTestSchemaAsync("ratelimit");
        var shape = new QuotaBucket("deployment:primary:rpm", RatePerSecond: 40, Capacity: 20);
        using var first = new SharedTokenBucket(shape, new PostgresQuotaStore(schema.DataSource), TimeProvider.System);
        using var second = new SharedTokenBucket(shape, new PostgresQuotaStore(schema.DataSource), TimeProvider.System);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var clock = Stopwatch.StartNew();

        // Forty callers per router, each taking a token and asking again, for three seconds.
        var callers = new[] { first, second }.SelectMany(router => Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var limiter = i % 2 == 0 ? router.Interactive : router.Batch;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var lease = await limiter.AcquireAsync(1, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }))).ToArray();
        await Task.WhenAll(callers);
        var elapsed = clock.Elapsed.TotalSeconds;

        var granted = first.Granted + second.Granted;
        var chunk = Math.Floor(shape.RatePerSecond / 4);
        var allowed = shape.Capacity + (shape.RatePerSecond * elapsed) + (2 * chunk);
        Assert.True(granted <= allowed, $"granted {granted} > allowed {allowed:F0} in {elapsed:F2} s");
        Assert.True(first.Granted > 0 && second.Granted > 0, $"both routers got tokens ({first.Granted}, {second.Granted})");
        Assert.True(granted >= shape.RatePerSecond, $"the limit was used ({granted} tokens)");
    }
}
