namespace LlmBroker.Storage.Tests;

public sealed class ConsumerOffsetStoreTests : PostgresTest
{
    [Fact]
    public async Task LoadAsync_UnknownGroup_ReturnsEmpty()
    {
        var store = new ConsumerOffsetStore(DataSource);

        Assert.Empty(await store.LoadAsync("nobody", default));
    }

    [Fact]
    public async Task SaveAsync_ThenLoadAsync_RoundTrips()
    {
        var store = new ConsumerOffsetStore(DataSource);
        StoredOffset[] offsets =
        [
            new("llm.outcomes", 0, 42),
            new("llm.outcomes", 1, 0),
            new("llm.outcomes", 2, long.MaxValue - 1),
            new("other.topic", 0, 7),
        ];

        await InTransactionAsync(async (c, t) =>
        {
            await ConsumerOffsetStore.SaveAsync(c, t, "cost-rollup", offsets, default);
            return 0;
        });
        var loaded = await store.LoadAsync("cost-rollup", default);

        Assert.Equal(offsets.ToDictionary(o => new TopicPartitionKey(o.Topic, o.Partition), o => o.NextOffset), loaded);
        Assert.Empty(await store.LoadAsync("audit-writer", default));
    }

    [Fact]
    public async Task SaveAsync_ExistingPartitions_Upserts()
    {
        var store = new ConsumerOffsetStore(DataSource);
        await SaveAsync("g", new("t", 0, 10), new("t", 1, 20));

        await SaveAsync("g", new("t", 1, 25), new("t", 2, 5));

        var loaded = await store.LoadAsync("g", default);
        Assert.Equal(3, loaded.Count);
        Assert.Equal(10, loaded[new("t", 0)]);
        Assert.Equal(25, loaded[new("t", 1)]);
        Assert.Equal(5, loaded[new("t", 2)]);
    }

    [Fact]
    public async Task SaveAsync_SamePartitionTwiceInOneCall_LastWins()
    {
        await SaveAsync("g", new("t", 0, 10), new("t", 0, 12));

        var loaded = await new ConsumerOffsetStore(DataSource).LoadAsync("g", default);
        Assert.Equal(12, Assert.Single(loaded).Value);
    }

    [Fact]
    public async Task LoadAsync_WithTopics_ReturnsOnlyThoseTopics()
    {
        await SaveAsync("g", new("a", 0, 1), new("b", 0, 2), new("c", 3, 4));

        var loaded = await new ConsumerOffsetStore(DataSource).LoadAsync("g", ["a", "c"], default);

        Assert.Equal(2, loaded.Count);
        Assert.Equal(1, loaded[new("a", 0)]);
        Assert.Equal(4, loaded[new("c", 3)]);
    }

    private Task SaveAsync(string group, params StoredOffset[] offsets) =>
        InTransactionAsync(async (c, t) =>
        {
            await ConsumerOffsetStore.SaveAsync(c, t, group, offsets, default);
            return 0;
        });
}
