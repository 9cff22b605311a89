using LlmBroker.Contracts.V1;
using LlmBroker.Storage;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Cli.Tests;

public sealed class AuditVerifyCommandTests : IAsyncLifetime, IDisposable
{
    private readonly CliHarness _cli = new();
    private PostgresTestSchema? _schema;

    private PostgresTestSchema Db => _schema!;

    public async Task InitializeAsync() =>
        _schema = await (await PostgresEnvironment.GetAsync()).CreateTestSchemaAsync(nameof(AuditVerifyCommandTests));

    public async Task DisposeAsync() => await Db.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AuditVerify_IntactLog_PrintsRowsCheckedAndExitsZero()
    {
        await WriteAsync(12);

        var exitCode = await _cli.RunAsync("audit", "verify", "--pg", Db.ConnectionString, "--schema", Db.Name);

        Assert.Equal(0, exitCode);
        Assert.Contains("audit log intact: 12 rows checked in 1 chains", _cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_TamperedRow_ReportsTheBrokenLinkAndExitsOne()
    {
        await WriteAsync(12);
        var id = await Db.ScalarAsync<long>("SELECT id FROM audit_log WHERE chain_seq = 5");
        await Db.ExecuteAsync("""
            ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
            UPDATE audit_log SET model = 'gpt-4o-mini' WHERE chain_seq = 5;
            ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
            """);

        var exitCode = await _cli.RunAsync("audit", "verify", "--pg", Db.ConnectionString, "--schema", Db.Name);

        Assert.Equal(1, exitCode);
        Assert.Contains($"audit chain BROKEN: chain llm.outcomes/0, row id {id}, position 5: hash expected ", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("5 rows checked before the break", _cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_NoConnectionString_ExitsTwoWithMessage()
    {
        var exitCode = await _cli.RunAsync("audit", "verify");

        Assert.Equal(2, exitCode);
        Assert.Equal("error: no PostgreSQL connection string: pass --pg or set Postgres__ConnectionString\n", _cli.Error);
    }

    [Fact]
    public async Task AuditVerify_SchemaNotMigrated_SaysToMigrate()
    {
        var exitCode = await _cli.RunAsync("audit", "verify", "--pg", Db.ConnectionString, "--schema", "not_migrated");

        Assert.Equal(1, exitCode);
        Assert.Contains("has no audit tables: run 'llmbroker migrate --schema not_migrated' first", _cli.Error, StringComparison.Ordinal);
    }

    private async Task WriteAsync(int count)
    {
        var outcomes = Enumerable.Range(0, count).Select(i => new Outcome
        {
            RequestId = $"req-{i}",
            Tenant = "acme",
            App = "billing",
            Model = "gpt-4o",
            Lane = Lane.Interactive,
            Status = ResultStatus.Ok,
            RedactedOutput = $"answer {i}",
            CostNanoUsd = 1000 + i,
        }).ToList();
        var sources = outcomes.Select((_, i) => AuditSource.ForPartition("llm.outcomes", 0, i)).ToList();
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new AuditLogWriter().WriteAsync(connection, transaction, outcomes, sources, default);
        await transaction.CommitAsync();
    }
}
