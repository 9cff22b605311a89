using LlmBroker.Testing.Postgres;
using Npgsql;

namespace LlmBroker.Storage.Tests;

public sealed class DatabaseMigratorTests : PostgresTest
{
    private static readonly string[] Tables =
        ["usage_ledger", "cost_hourly", "audit_log", "response_cache", "consumer_offsets",
         "cost_daily_by_app", "cost_by_model", "cost_daily_by_tag", "latency_daily_by_model"];

    [Fact]
    public async Task Migrate_AppliedTwice_IsIdempotent()
    {
        // The base class migrated once already.
        DatabaseMigrator.Migrate(Db.ConnectionString, Db.Name);
        DatabaseMigrator.Migrate(Db.ConnectionString, Db.Name);

        var applied = await Db.ScalarAsync<long>($"SELECT count(*) FROM {DatabaseMigrator.JournalTable}");
        Assert.Equal(DatabaseMigrator.ScriptNames().Count, applied);
        Assert.True(DatabaseMigrator.ScriptNames().Count >= 5);
        foreach (var table in Tables)
        {
            Assert.True(await Db.ScalarAsync<bool>($"SELECT to_regclass('{Db.Name}.{table}') IS NOT NULL"), table);
        }
    }

    [Fact]
    public async Task Migrate_ConcurrentRunsOnNewSchema_AllSucceed()
    {
        var environment = await PostgresEnvironment.GetAsync();
        var schema = $"{Db.Name}_concurrent";
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
                Task.Run(() => DatabaseMigrator.Migrate(environment.ConnectionString, schema))));

            await using var dataSource = environment.CreateDataSource(schema);
            await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {DatabaseMigrator.JournalTable}");
            Assert.Equal((long)DatabaseMigrator.ScriptNames().Count, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            await environment.DropSchemaAsync(schema);
        }
    }

    [Theory]
    [InlineData("Public")]
    [InlineData("x; DROP TABLE y")]
    [InlineData("1abc")]
    [InlineData("")]
    public void Migrate_InvalidSchemaName_ThrowsArgumentException(string schema)
    {
        Assert.ThrowsAny<ArgumentException>(() => DatabaseMigrator.Migrate("Host=127.0.0.1", schema));
    }

    [Fact]
    public async Task Migrate_ScriptFails_ThrowsNamingTheScript()
    {
        var environment = await PostgresEnvironment.GetAsync();
        var schema = $"{Db.Name}_broken";
        try
        {
            await using (var connection = new NpgsqlConnection(environment.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(
                    $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.audit_log (id int);", connection);
                await command.ExecuteNonQueryAsync();
            }

            var error = Assert.Throws<DatabaseMigrationException>(
                () => DatabaseMigrator.Migrate(environment.ConnectionString, schema));

            Assert.Equal("LlmBroker.Migrations.0002_audit_log.sql", error.ScriptName);
            Assert.Contains("0002_audit_log.sql", error.Message, StringComparison.Ordinal);
            Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await environment.DropSchemaAsync(schema);
        }
    }

    [Theory]
    [InlineData("UPDATE audit_log SET app = 'changed'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    [InlineData("UPDATE audit_log SET hash = '\\x02'")]
    [InlineData("UPDATE audit_log SET prev_hash = NULL, hash = NULL")]
    public async Task AuditLog_ChangingRecordedRows_IsRefused(string sql)
    {
        await InTransactionAsync((c, t) => new AuditLogWriter().WriteAsync(c, t, TestOutcomes.Batch(3), default));
        // Rows are written with their hashes: nothing, not even the hash columns, may change afterwards.
        Assert.Equal(3L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE hash IS NOT NULL"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync(sql));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(3L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE app <> 'changed'"));
    }
}
