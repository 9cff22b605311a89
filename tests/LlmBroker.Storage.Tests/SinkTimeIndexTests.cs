using LlmBroker.Testing.Postgres;

namespace LlmBroker.Storage.Tests;

/// <summary>The append-only sink tables are indexed by time with BRIN (docs/adr/0011).</summary>
public sealed class SinkTimeIndexTests : PostgresTest
{
    [Theory]
    [InlineData("audit_log", "ix_audit_log_occurred_at_brin", "ix_audit_log_tenant_app_occurred_at")]
    [InlineData("usage_ledger", "ix_usage_ledger_completed_at_brin", "ix_usage_ledger_completed_at")]
    public async Task Migrate_TimeIndex_IsBrinAndTheBtreeIsGone(string table, string brin, string btree)
    {
        var method = await Db.ScalarAsync<string>($"""
            SELECT am.amname::text FROM pg_index AS x
            JOIN pg_class AS i ON i.oid = x.indexrelid
            JOIN pg_am AS am ON am.oid = i.relam
            WHERE x.indrelid = '{Db.Name}.{table}'::regclass AND i.relname = '{brin}'
            """);
        Assert.Equal("brin", method);
        Assert.False(await Db.ScalarAsync<bool>($"SELECT to_regclass('{Db.Name}.{btree}') IS NOT NULL"));
    }

    [Fact]
    public async Task AnalystTimeRangeQuery_OnAuditLog_UsesTheBrin()
    {
        await Db.ExecuteAsync("""
            INSERT INTO audit_log (request_id, event, tenant, app, model, lane, occurred_at, chain, chain_seq)
            SELECT 'r' || g, 'ok', 't' || (g % 5), 'a' || (g % 20), 'm', 'interactive',
                   timestamptz '2026-11-01' + g * interval '1 second', 'c', g
            FROM generate_series(1, 100000) AS g;
            ANALYZE audit_log
            """);

        var plan = await Db.ScalarAsync<string>("""
            EXPLAIN (FORMAT JSON, COSTS OFF) SELECT request_id FROM audit_log
            WHERE tenant = 't1' AND app = 'a1'
              AND occurred_at >= timestamptz '2026-11-01 02:00' AND occurred_at < timestamptz '2026-11-01 02:10'
            """);
        Assert.Contains("ix_audit_log_occurred_at_brin", plan, StringComparison.Ordinal);
    }
}
