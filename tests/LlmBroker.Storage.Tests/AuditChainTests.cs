using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Tests;

public sealed class AuditChainTests : PostgresTest
{
    private readonly AuditLogWriter _writer = new();

    [Fact]
    public async Task Verify_IntactChains_ChecksEveryRow()
    {
        await WriteAsync(TestOutcomes.Batch(40), "llm.outcomes/0");
        await WriteAsync(TestOutcomes.Batch(25, firstIndex: 40), "llm.outcomes/1");
        await WriteAsync(TestOutcomes.Batch(15, firstIndex: 65), "llm.outcomes/0");

        var result = await AuditChainVerifier.VerifyAsync(DataSource, default);

        Assert.True(result.Intact, result.FirstBreak?.ToString());
        Assert.Equal(80, result.RowsChecked);
        Assert.Equal(2, result.Chains);
        Assert.Equal(55L, await Db.ScalarAsync<long>("SELECT last_seq FROM audit_chain_heads WHERE chain = 'llm.outcomes/0'"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE hash IS NULL OR prev_hash IS NULL"));
    }

    [Fact]
    public async Task WriteAsync_RedeliveredOutcomes_AreNotChainedTwice()
    {
        var outcomes = TestOutcomes.Batch(20);
        await WriteAsync(outcomes, "llm.outcomes/0");

        // A replay of half the batch plus new outcomes, one of them twice in the same batch.
        var replay = outcomes.Take(10).Concat(TestOutcomes.Batch(5, firstIndex: 20)).Append(TestOutcomes.Create(21)).ToList();
        var written = await WriteAsync(replay, "llm.outcomes/0");

        Assert.Equal(5, written);
        Assert.Equal(25L, await Db.ScalarAsync<long>("SELECT max(chain_seq) FROM audit_log"));
        Assert.True((await AuditChainVerifier.VerifyAsync(DataSource, default)).Intact);
    }

    [Fact]
    public async Task WriteAsync_BatchRolledBack_LeavesNoRowsAndHeadUnchanged()
    {
        await WriteAsync(TestOutcomes.Batch(10), "llm.outcomes/0");

        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await _writer.WriteAsync(connection, transaction, TestOutcomes.Batch(10, firstIndex: 10), Sources(10, "llm.outcomes/0"), default);
            await transaction.RollbackAsync();
        }

        await WriteAsync(TestOutcomes.Batch(10, firstIndex: 10), "llm.outcomes/0");

        var result = await AuditChainVerifier.VerifyAsync(DataSource, default);
        Assert.True(result.Intact, result.FirstBreak?.ToString());
        Assert.Equal(20, result.RowsChecked);
    }

    [Fact]
    public async Task Verify_FlippedByte_ReportsHashOfThatRow()
    {
        await WriteAsync(TestOutcomes.Batch(30), "llm.outcomes/0");
        var id = await Db.ScalarAsync<long>("SELECT id FROM audit_log WHERE chain_seq = 12");

        await TamperAsync("UPDATE audit_log SET redacted_output = overlay(redacted_output placing 'B' from 1 for 1) WHERE chain_seq = 12");

        var broken = (await AuditChainVerifier.VerifyAsync(DataSource, default)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal("llm.outcomes/0", broken.Chain);
        Assert.Equal(id, broken.RowId);
        Assert.Equal("hash", broken.Field);
        Assert.NotEqual(broken.Expected, broken.Found);
    }

    [Fact]
    public async Task Verify_CostChanged_ReportsHashOfThatRow()
    {
        await WriteAsync(TestOutcomes.Batch(10), "llm.outcomes/0");

        await TamperAsync("UPDATE audit_log SET cost_usd = cost_usd + 0.000000001 WHERE chain_seq = 4");

        var broken = (await AuditChainVerifier.VerifyAsync(DataSource, default)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal(4L, broken.ChainSeq);
        Assert.Equal("hash", broken.Field);
    }

    [Fact]
    public async Task Verify_DeletedRow_ReportsTheNextRowsLink()
    {
        await WriteAsync(TestOutcomes.Batch(30), "llm.outcomes/0");
        var nextId = await Db.ScalarAsync<long>("SELECT id FROM audit_log WHERE chain_seq = 8");
        var deletedHash = await Db.ScalarAsync<byte[]>("SELECT hash FROM audit_log WHERE chain_seq = 7");

        await TamperAsync("DELETE FROM audit_log WHERE chain_seq = 7");

        var broken = (await AuditChainVerifier.VerifyAsync(DataSource, default)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal(nextId, broken.RowId);
        Assert.Equal("prev_hash", broken.Field);
        Assert.Equal(Convert.ToHexStringLower(deletedHash), broken.Found);
    }

    [Fact]
    public async Task Verify_LastRowDeleted_ReportsTheHead()
    {
        await WriteAsync(TestOutcomes.Batch(10), "llm.outcomes/0");

        await TamperAsync("DELETE FROM audit_log WHERE chain_seq = 10");

        var broken = (await AuditChainVerifier.VerifyAsync(DataSource, default)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal("head", broken.Field);
        Assert.Equal(9L, broken.ChainSeq);
    }

    [Fact]
    public async Task Verify_TwoRowsSwapped_ReportsTheFirstMovedRow()
    {
        await WriteAsync(TestOutcomes.Batch(30), "llm.outcomes/0");
        var movedId = await Db.ScalarAsync<long>("SELECT id FROM audit_log WHERE chain_seq = 9");

        await TamperAsync("""
            UPDATE audit_log SET chain_seq = -1 WHERE chain_seq = 3;
            UPDATE audit_log SET chain_seq = 3 WHERE chain_seq = 9;
            UPDATE audit_log SET chain_seq = 9 WHERE chain_seq = -1;
            """);

        var broken = (await AuditChainVerifier.VerifyAsync(DataSource, default)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal(movedId, broken.RowId);
        Assert.Equal(3L, broken.ChainSeq);
        Assert.Equal("prev_hash", broken.Field);
    }

    [Fact]
    public async Task Verify_SwappedContents_ReportsTheFirstRow()
    {
        await WriteAsync(TestOutcomes.Batch(30), "llm.outcomes/0");

        await TamperAsync("""
            UPDATE audit_log a SET redacted_output = b.redacted_output, cost_usd = b.cost_usd, app = b.app
            FROM audit_log b
            WHERE (a.chain_seq, b.chain_seq) IN ((5, 6), (6, 5));
            """);

        var broken = (await AuditChainVerifier.VerifyAsync(DataSource, default)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal(5L, broken.ChainSeq);
        Assert.Equal("hash", broken.Field);
    }

    [Fact]
    public async Task Verify_RowInsertedOutsideTheChain_IsReported()
    {
        await WriteAsync(TestOutcomes.Batch(5), "llm.outcomes/0");

        await Db.ExecuteAsync("""
            INSERT INTO audit_log (request_id, event, tenant, app, model, lane, occurred_at)
            VALUES ('forged', 'ok', 'acme', 'billing', 'gpt-4o', 'interactive', now())
            """);

        var broken = (await AuditChainVerifier.VerifyAsync(DataSource, default)).FirstBreak;
        Assert.NotNull(broken);
        Assert.Equal("chain", broken.Field);
        Assert.Null(broken.Chain);
    }

    [Fact]
    public async Task AuditLog_Rejection_IsRecordedWithStatusAndReason()
    {
        var rejected = TestOutcomes.Create(1);
        rejected.Status = ResultStatus.Rejected;
        rejected.Error = new ErrorInfo { Code = "budget_exceeded", Message = "app billing is over its monthly budget" };

        await WriteAsync([rejected], "llm.outcomes/0");

        Assert.Equal("budget_exceeded", await Db.ScalarAsync<string>("SELECT error_code FROM audit_log WHERE event = 'rejected'"));
        Assert.Equal("growth", await Db.ScalarAsync<string>("SELECT tags->>'team' FROM audit_log WHERE event = 'rejected'"));
        Assert.True((await AuditChainVerifier.VerifyAsync(DataSource, default)).Intact);
    }

    private static AuditSource[] Sources(int count, string chain) =>
        Enumerable.Range(0, count).Select(i => new AuditSource(chain, i)).ToArray();

    private Task<int> WriteAsync(IReadOnlyList<Outcome> outcomes, string chain) =>
        InTransactionAsync((c, t) => _writer.WriteAsync(c, t, outcomes, Sources(outcomes.Count, chain), default));

    /// <summary>Changes rows behind the writer's back, as the table owner who can switch the append-only trigger off.</summary>
    private Task TamperAsync(string sql) =>
        Db.ExecuteAsync($"""
            ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
            {sql.TrimEnd().TrimEnd(';')};
            ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
            """);
}
