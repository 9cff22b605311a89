using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Tests;

public sealed class UsageLedgerWriterTests : PostgresTest
{
    private readonly UsageLedgerWriter _writer = new();

    [Fact]
    public async Task WriteAsync_AwkwardOutcomes_RollupsEqualSqlAggregatesOfTheLedger()
    {
        var outcomes = TestOutcomes.Batch(60);
        outcomes[0].Times = null;
        outcomes[1].Times = new StageTimes { SubmittedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 946_684_799, Nanos = 999_999_950 } };
        outcomes[2].Tenant = "t\0x";
        outcomes[3].Tags.Add("team\0", "later value wins");
        outcomes[4].Tags.Clear();
        outcomes[5].Status = ResultStatus.RateLimited;
        outcomes[6].CostNanoUsd = -5;
        outcomes[7].Usage = null;
        outcomes[8].Tags.Add("\u00e9", "\u4e2d");

        await WriteAsync(outcomes);
        await WriteAsync(TestOutcomes.Batch(30, firstIndex: 45));

        // Every rollup row, all of its sums, recomputed from the ledger by SQL.
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            SELECT count(*) FROM (
                SELECT date_trunc('hour', coalesce(completed_at, submitted_at, created_at), 'UTC') AS hour,
                       tenant, app, model, provider, count(*) AS requests, count(*) FILTER (WHERE status <> 'ok') AS failed_requests,
                       count(*) FILTER (WHERE cache_hit) AS cache_hits, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                       sum(cached_input_tokens) AS cached_input_tokens, sum(reasoning_tokens) AS reasoning_tokens, sum(cost_usd) AS cost_usd
                FROM usage_ledger GROUP BY 1, 2, 3, 4, 5
            ) AS l
            FULL JOIN cost_hourly AS c USING (hour, tenant, app, model, provider)
            WHERE (l.requests, l.failed_requests, l.cache_hits, l.input_tokens, l.output_tokens, l.cached_input_tokens, l.reasoning_tokens, l.cost_usd)
                  IS DISTINCT FROM (c.requests, c.failed_requests, c.cache_hits, c.input_tokens, c.output_tokens, c.cached_input_tokens, c.reasoning_tokens, c.cost_usd)
            """));
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            SELECT count(*) FROM (
                SELECT date_trunc('hour', coalesce(u.completed_at, u.submitted_at, u.created_at), 'UTC') AS hour,
                       u.tenant, u.app, t.key AS tag, t.value AS tag_value, count(*) AS requests,
                       count(*) FILTER (WHERE u.status <> 'ok') AS failed_requests, count(*) FILTER (WHERE u.cache_hit) AS cache_hits,
                       sum(u.input_tokens) AS input_tokens, sum(u.output_tokens) AS output_tokens,
                       sum(u.cached_input_tokens) AS cached_input_tokens, sum(u.cost_usd) AS cost_usd
                FROM usage_ledger AS u CROSS JOIN LATERAL jsonb_each_text(u.tags) AS t(key, value)
                GROUP BY 1, 2, 3, 4, 5
            ) AS l
            FULL JOIN cost_hourly_tag AS c USING (hour, tenant, app, tag, tag_value)
            WHERE (l.requests, l.failed_requests, l.cache_hits, l.input_tokens, l.output_tokens, l.cached_input_tokens, l.cost_usd)
                  IS DISTINCT FROM (c.requests, c.failed_requests, c.cache_hits, c.input_tokens, c.output_tokens, c.cached_input_tokens, c.cost_usd)
            """));
        Assert.Equal(75L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger"));
        Assert.Equal("later value wins", await Db.ScalarAsync<string>("SELECT tags->>'team' FROM usage_ledger WHERE request_id = 'req-3'"));
    }

    [Fact]
    public async Task RecordedCheck_LargeLedger_ProbesThePrimaryKeyInsteadOfScanning()
    {
        await Db.ExecuteAsync("""
            INSERT INTO usage_ledger (request_id, tenant, app, model, lane, status)
            SELECT 'old-' || g, 't', 'a', 'm', 'batch', 'ok' FROM generate_series(1, 200000) AS g;
            ANALYZE usage_ledger;
            """);
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var explain = new Npgsql.NpgsqlCommand("EXPLAIN " + UsageLedgerWriter.RecordedSql, connection);
        explain.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("request_ids", Enumerable.Range(0, 5000).Select(i => "new-" + i).ToArray()));
        var plan = new System.Text.StringBuilder();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        Assert.Contains("usage_ledger_pkey", plan.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on usage_ledger", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_BatchOf1000_WritesLedgerRowsAndRollup()
    {
        var outcomes = TestOutcomes.Batch(1000);

        var written = await WriteAsync(outcomes);

        Assert.Equal(1000, written);
        Assert.Equal(1000L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger"));
        Assert.Equal(TestOutcomes.CostUsd(outcomes), await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger"));
        await AssertRollupMatchesLedgerAsync(outcomes);

        var expectedGroups = outcomes
            .Select(o => (Hour: o.Times.ValidatedAt.ToDateTime().Ticks / TimeSpan.TicksPerHour, o.Tenant, o.App, o.Model, o.Provider))
            .Distinct()
            .Count();
        Assert.Equal((long)expectedGroups, await Db.ScalarAsync<long>("SELECT count(*) FROM cost_hourly"));
        Assert.Equal(
            (long)outcomes.Count(o => o.Status != ResultStatus.Ok),
            await Db.ScalarAsync<long>("SELECT sum(failed_requests) FROM cost_hourly"));
        Assert.Equal(
            (long)outcomes.Count(o => o.CacheHit),
            await Db.ScalarAsync<long>("SELECT sum(cache_hits) FROM cost_hourly"));
    }

    [Fact]
    public async Task WriteAsync_Outcome_StoresEveryColumn()
    {
        var outcome = TestOutcomes.Create(10); // failed, a cache hit, interactive, tenant acme
        await WriteAsync([outcome]);

        await using var command = DataSource.CreateCommand("""
            SELECT tenant, app, model, provider, deployment, provider_model, lane, status, error_code,
                   input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd::text,
                   price_version, cache_hit, attempts, tags->>'team', batch_id, custom_id,
                   submitted_at, completed_at, latency_ms, queue_ms, provider_latency_ms
            FROM usage_ledger WHERE request_id = 'req-10'
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("acme", reader.GetString(0));
        Assert.Equal("search", reader.GetString(1));
        Assert.Equal("llama-70b", reader.GetString(2));
        Assert.Equal("openai", reader.GetString(3));
        Assert.Equal("dep-1", reader.GetString(4));
        Assert.Equal("llama-70b-2026-01-01", reader.GetString(5));
        Assert.Equal("interactive", reader.GetString(6));
        Assert.Equal("failed", reader.GetString(7));
        Assert.Equal("provider_error", reader.GetString(8));
        Assert.Equal(110, reader.GetInt32(9));
        Assert.Equal(30, reader.GetInt32(10));
        Assert.Equal(0, reader.GetInt32(11));
        Assert.Equal(4, reader.GetInt32(12));
        Assert.Equal("0.001313757", reader.GetString(13)); // 1,234,567 + 10 * 7,919 nano-dollars
        Assert.Equal("2026-11", reader.GetString(14));
        Assert.True(reader.GetBoolean(15));
        Assert.Equal(1, reader.GetInt32(16));
        Assert.Equal("core", reader.GetString(17));
        Assert.True(reader.IsDBNull(18));
        Assert.True(reader.IsDBNull(19));
        var submitted = outcome.Times.SubmittedAt.ToDateTime();
        Assert.Equal(submitted, reader.GetDateTime(20));
        Assert.Equal(submitted.AddMilliseconds(900), reader.GetDateTime(21));
        Assert.Equal(900L, reader.GetInt64(22));
        Assert.Equal(20L, reader.GetInt64(23));
        Assert.Equal(800L, reader.GetInt64(24));
    }

    [Fact]
    public async Task WriteAsync_SameBatchTwice_AddsNoDuplicates()
    {
        var outcomes = TestOutcomes.Batch(1000);
        await WriteAsync(outcomes);

        var writtenAgain = await WriteAsync(outcomes);

        Assert.Equal(0, writtenAgain);
        Assert.Equal(1000L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger"));
        await AssertRollupMatchesLedgerAsync(outcomes);
    }

    [Fact]
    public async Task WriteAsync_OverlappingBatches_RollupStillEqualsLedger()
    {
        var all = TestOutcomes.Batch(1000);
        await WriteAsync(all.Take(600).ToList());

        var written = await WriteAsync(all.Skip(300).ToList());

        Assert.Equal(400, written);
        await AssertRollupMatchesLedgerAsync(all);
    }

    [Fact]
    public async Task WriteAsync_DuplicateInsideOneBatch_CountsItOnce()
    {
        var outcomes = TestOutcomes.Batch(10);
        outcomes.Add(outcomes[3].Clone());
        outcomes.Add(outcomes[3].Clone());

        var written = await WriteAsync(outcomes);

        Assert.Equal(10, written);
        await AssertRollupMatchesLedgerAsync(outcomes.Take(10).ToList());
    }

    [Fact]
    public async Task WriteAsync_TwoBatchesInOneTransaction_WritesBoth()
    {
        var written = await InTransactionAsync(async (c, t) =>
            await _writer.WriteAsync(c, t, TestOutcomes.Batch(5, "a"), default)
            + await _writer.WriteAsync(c, t, TestOutcomes.Batch(7, "b"), default));

        Assert.Equal(12, written);
        Assert.Equal(12L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger"));
    }

    [Fact]
    public async Task WriteAsync_MinimalOutcomeWithNulCharacter_StoresDefaults()
    {
        var outcome = new Outcome { RequestId = "bare", Tenant = "t\0x", App = "a", Model = "m" };
        outcome.Tags.Add("k", "v\0");

        Assert.Equal(1, await WriteAsync([outcome]));

        Assert.Equal("tx", await Db.ScalarAsync<string>("SELECT tenant FROM usage_ledger WHERE request_id = 'bare'"));
        Assert.Equal("unspecified", await Db.ScalarAsync<string>("SELECT status FROM usage_ledger"));
        Assert.Equal("v", await Db.ScalarAsync<string>("SELECT tags->>'k' FROM usage_ledger"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger WHERE completed_at IS NOT NULL OR latency_ms IS NOT NULL"));
        // Without stage times the rollup uses the hour the row was written.
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT requests FROM cost_hourly WHERE hour = date_trunc('hour', now(), 'UTC')"));
    }

    [Fact]
    public async Task WriteAsync_EmptyBatch_ReturnsZero()
    {
        Assert.Equal(0, await WriteAsync([]));
    }

    private Task<int> WriteAsync(IReadOnlyList<Outcome> outcomes) =>
        InTransactionAsync((c, t) => _writer.WriteAsync(c, t, outcomes, default));

    private async Task AssertRollupMatchesLedgerAsync(IReadOnlyList<Outcome> expected)
    {
        var expectedCost = TestOutcomes.CostUsd(expected);
        Assert.Equal(expectedCost, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger"));
        Assert.Equal(expectedCost, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_hourly"));
        Assert.Equal((long)expected.Count, await Db.ScalarAsync<long>("SELECT sum(requests) FROM cost_hourly"));
        Assert.Equal(
            expected.Sum(o => (long)o.Usage.InputTokens),
            await Db.ScalarAsync<long>("SELECT sum(input_tokens) FROM cost_hourly"));
        Assert.Equal(
            expected.Sum(o => (long)o.Usage.OutputTokens),
            await Db.ScalarAsync<long>("SELECT sum(output_tokens) FROM cost_hourly"));
        // Per group, not only in total.
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            SELECT count(*) FROM (
                SELECT date_trunc('hour', coalesce(completed_at, submitted_at, created_at), 'UTC') AS hour,
                       tenant, app, model, provider, count(*) AS requests, sum(cost_usd) AS cost_usd
                FROM usage_ledger GROUP BY 1, 2, 3, 4, 5
            ) AS l
            FULL JOIN cost_hourly AS c USING (hour, tenant, app, model, provider)
            WHERE l.requests IS DISTINCT FROM c.requests OR l.cost_usd IS DISTINCT FROM c.cost_usd
            """));
    }
}
