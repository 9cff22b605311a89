namespace LlmBroker.Messaging.Tests;

public sealed class RequestDeduplicatorTests
{
    [Fact]
    public async Task RunOnceAsync_SameIdTwice_RunsOnce()
    {
        var deduplicator = new RequestDeduplicator();
        var runs = 0;

        Assert.True(await deduplicator.RunOnceAsync("a", () => { runs++; return Task.CompletedTask; }));
        Assert.False(await deduplicator.RunOnceAsync("a", () => { runs++; return Task.CompletedTask; }));

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunOnceAsync_WorkThrows_IdReleasedForRetry()
    {
        var deduplicator = new RequestDeduplicator();

        await Assert.ThrowsAsync<InvalidOperationException>(() => deduplicator.RunOnceAsync("a", () => throw new InvalidOperationException()));
        var ranAgain = await deduplicator.RunOnceAsync("a", () => Task.CompletedTask);

        Assert.True(ranAgain);
    }

    [Fact]
    public async Task RunOnceAsync_ConcurrentDuplicateWhileInFlight_Skipped()
    {
        var deduplicator = new RequestDeduplicator();
        var release = new TaskCompletionSource();
        var first = deduplicator.RunOnceAsync("a", () => release.Task);

        var second = await deduplicator.RunOnceAsync("a", () => Task.CompletedTask);
        release.SetResult();

        Assert.False(second);
        Assert.True(await first);
    }

    [Fact]
    public void TryBegin_BeyondCapacity_ForgetsOldestCompletedIds()
    {
        var deduplicator = new RequestDeduplicator(capacity: 3);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            Assert.True(deduplicator.TryBegin(id));
            deduplicator.Complete(id);
        }

        Assert.Equal(3, deduplicator.Count);
        Assert.True(deduplicator.TryBegin("a"));
        Assert.False(deduplicator.TryBegin("d"));
    }
}
