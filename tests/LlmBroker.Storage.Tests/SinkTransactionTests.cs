using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Storage.Tests;

/// <summary>A sink writes its rows and its offsets in one transaction: both or neither.</summary>
public sealed class SinkTransactionTests : PostgresTest
{
    private static readonly string[] Tables = ["usage_ledger", "cost_hourly", "audit_log", "response_cache", "consumer_offsets"];

    private readonly IOutcomeWriter[] _writers =
    [
        new UsageLedgerWriter(),
        new AuditLogWriter(),
        new ResponseCacheWriter(Options.Create(new ResponseCacheOptions()), new FakeTimeProvider(TestOutcomes.BaseTime.AddHours(6))),
    ];

    [Fact]
    public async Task Transaction_RolledBack_WritesNeitherRowsNorOffsets()
    {
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await WriteAllAsync(connection, transaction);
            await transaction.RollbackAsync();
        }

        foreach (var table in Tables)
        {
            Assert.Equal(0L, await Db.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }

        Assert.Empty(await new ConsumerOffsetStore(DataSource).LoadAsync("sink", default));
    }

    [Fact]
    public async Task Transaction_DisposedWithoutCommit_WritesNeitherRowsNorOffsets()
    {
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await WriteAllAsync(connection, transaction);
        }

        foreach (var table in Tables)
        {
            Assert.Equal(0L, await Db.ScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task Transaction_Committed_WritesRowsAndOffsetsTogether()
    {
        await InTransactionAsync(async (c, t) =>
        {
            await WriteAllAsync(c, t);
            return 0;
        });

        Assert.Equal(1000L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger"));
        Assert.Equal(1000L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
        Assert.True(await Db.ScalarAsync<long>("SELECT count(*) FROM response_cache") > 0);
        var offsets = await new ConsumerOffsetStore(DataSource).LoadAsync("sink", default);
        Assert.Equal(1000, offsets[new("llm.outcomes", 0)]);
    }

    private async Task WriteAllAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction)
    {
        var outcomes = TestOutcomes.Batch(1000);
        foreach (var writer in _writers)
        {
            Assert.True(await writer.WriteAsync(connection, transaction, outcomes, default) > 0);
        }

        await ConsumerOffsetStore.SaveAsync(connection, transaction, "sink", [new("llm.outcomes", 0, 1000)], default);
    }
}
