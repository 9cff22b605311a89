using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Tests;

public sealed class AuditLogWriterTests : PostgresTest
{
    private readonly AuditLogWriter _writer = new();

    [Fact]
    public async Task RecordedCheck_LargeLog_ProbesTheRequestEventKeyInsteadOfScanning()
    {
        await Db.ExecuteAsync("""
            INSERT INTO audit_log (request_id, event, tenant, app, model, lane, occurred_at)
            SELECT 'old-' || g, 'ok', 't', 'a', 'm', 'batch', now() FROM generate_series(1, 200000) AS g;
            ANALYZE audit_log;
            """);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var explain = new Npgsql.NpgsqlCommand("EXPLAIN " + AuditLogWriter.RecordedSql, connection);
        explain.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("request_ids", Enumerable.Range(0, 5000).Select(i => "new-" + i).ToArray()));
        explain.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("events", Enumerable.Repeat("ok", 5000).ToArray()));
        var plan = new System.Text.StringBuilder();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        Assert.Contains("audit_log_request_event_key", plan.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on audit_log", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_BatchOf1000_WritesOneRowPerOutcomeInBatchOrder()
    {
        var outcomes = TestOutcomes.Batch(1000);

        var written = await WriteAsync(outcomes);

        Assert.Equal(1000, written);
        Assert.Equal(1000L, await Db.ScalarAsync<long>("SELECT count(DISTINCT request_id) FROM audit_log"));
        Assert.Equal(TestOutcomes.CostUsd(outcomes), await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM audit_log"));
        Assert.Equal(
            (long)outcomes.Count(o => o.Status == ResultStatus.Failed),
            await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event = 'failed'"));
        // Identity values follow the batch order.
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            SELECT count(*) FROM (
                SELECT request_id, row_number() OVER (ORDER BY id) - 1 AS position FROM audit_log
            ) AS r WHERE r.request_id <> 'req-' || r.position
            """));
    }

    [Fact]
    public async Task WriteAsync_Outcome_StoresRedactedContentAttemptsAndChecks()
    {
        await WriteAsync([TestOutcomes.Create(10)]);

        await using var command = DataSource.CreateCommand("""
            SELECT event, error_code, error_message, finish_reason, redacted_output,
                   redacted_messages->0->>'role', redacted_messages->1->>'content', redacted_messages->1->>'name',
                   jsonb_array_length(redacted_messages),
                   attempts->0->>'status_code', attempts->0->>'error_class', (attempts->0->>'latency_ms')::int,
                   checks_run, checks_failed, stage_times ? 'validated_at', stage_times ? 'validator_received_at',
                   occurred_at, lane, cache_hit
            FROM audit_log WHERE request_id = 'req-10'
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("failed", reader.GetString(0));
        Assert.Equal("provider_error", reader.GetString(1));
        Assert.Equal("upstream returned 503", reader.GetString(2));
        Assert.Equal("stop", reader.GetString(3));
        Assert.Equal("Answer 10 for <PERSON_1> \u00e9t\u00e9", reader.GetString(4));
        Assert.Equal("system", reader.GetString(5));
        Assert.Equal("Question 10 from <EMAIL_1>", reader.GetString(6));
        Assert.Equal("u", reader.GetString(7));
        Assert.Equal(2, reader.GetInt32(8));
        Assert.Equal("503", reader.GetString(9));
        Assert.Equal("server_error", reader.GetString(10));
        Assert.Equal(800, reader.GetInt32(11));
        Assert.Equal(["json_schema"], reader.GetFieldValue<string[]>(12));
        Assert.Equal(["json_schema"], reader.GetFieldValue<string[]>(13));
        Assert.True(reader.GetBoolean(14));
        Assert.False(reader.GetBoolean(15));
        Assert.Equal(TestOutcomes.Create(10).Times.ValidatedAt.ToDateTime(), reader.GetDateTime(16));
        Assert.Equal("interactive", reader.GetString(17));
        Assert.True(reader.GetBoolean(18));
    }

    [Fact]
    public async Task WriteAsync_SameBatchTwice_AddsNoDuplicates()
    {
        var outcomes = TestOutcomes.Batch(1000);
        await WriteAsync(outcomes);

        var writtenAgain = await WriteAsync(outcomes);

        Assert.Equal(0, writtenAgain);
        Assert.Equal(1000L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
        Assert.Equal(TestOutcomes.CostUsd(outcomes), await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM audit_log"));
    }

    [Fact]
    public async Task WriteAsync_SameRequestWithAnotherStatus_RecordsBothEvents()
    {
        var failed = TestOutcomes.Create(10);
        var retried = failed.Clone();
        retried.Status = ResultStatus.Ok;
        retried.Error = null;

        await WriteAsync([failed]);
        await WriteAsync([retried, failed]);

        Assert.Equal(2L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE request_id = 'req-10'"));
    }

    [Fact]
    public async Task WriteAsync_OutcomeWithoutStageTimes_UsesRecordingTime()
    {
        await WriteAsync([new Outcome { RequestId = "bare", Tenant = "t", App = "a", Model = "m" }]);

        Assert.Equal(1L, await Db.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE occurred_at = recorded_at AND stage_times = '{}' AND redacted_messages = '[]'"));
    }

    private Task<int> WriteAsync(IReadOnlyList<Outcome> outcomes) =>
        InTransactionAsync((c, t) => _writer.WriteAsync(c, t, outcomes, default));
}
