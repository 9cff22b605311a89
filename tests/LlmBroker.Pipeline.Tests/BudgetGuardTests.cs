using LlmBroker.Routing.Limits;
using LlmBroker.Sinks;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Pipeline.Tests;

/// <summary>Budget reservations in PostgreSQL under concurrency.</summary>
public sealed class BudgetGuardTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reserve_200ConcurrentCallsAgainstABudgetFor50_Exactly50GoAndSpendStaysWithin()
    {
        var postgres = await PostgresEnvironment.GetAsync();
        await using var schema = await postgres.CreateTestSchemaAsync("budget");
        // Two guards with their own connection pools (20 each, so parallel tests keep connections): two routers.
        var pooled = new Npgsql.NpgsqlConnectionStringBuilder(schema.ConnectionString) { MaxPoolSize = 20 }.ConnectionString;
        await using var first = LlmBroker.Storage.PostgresDataSources.Create(pooled, schema.Name);
        await using var second = LlmBroker.Storage.PostgresDataSources.Create(pooled, schema.Name);
        var guards = new[] { new PostgresBudgetGuard(first), new PostgresBudgetGuard(second) };
        const long Cost = 2_000_000; // $0.002 per call
        var limits = new BudgetLimits(SoftNano: 40 * Cost, HardNano: 50 * Cost);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var guard = guards[i % 2];
            var reservation = await guard.ReserveAsync("acme", "search", limits, Cost, s_now, CancellationToken.None);
            return reservation is null ? (BudgetSettlement?)null : await guard.SettleAsync(reservation, limits, Cost, CancellationToken.None);
        }));

        var settled = outcomes.Where(o => o is not null).Select(o => o!.Value).ToArray();
        Assert.Equal(50, settled.Length);
        Assert.Equal(50 * Cost, await schema.ScalarAsync<long>("SELECT spent_nano FROM budget_usage"));
        Assert.Equal(0L, await schema.ScalarAsync<long>("SELECT reserved_nano FROM budget_usage"));
        Assert.Single(settled, s => s.CrossedSoftLimit);
    }

    [Fact]
    public async Task Reserve_NewMonth_StartsFromTheLedgerAndCheaperActualsLeaveRoom()
    {
        var postgres = await PostgresEnvironment.GetAsync();
        await using var schema = await postgres.CreateTestSchemaAsync("budgetledger");
        await schema.ExecuteAsync("""
            INSERT INTO usage_ledger (request_id, tenant, app, model, lane, status, cost_usd, created_at) VALUES
              ('a', 'acme', 'search', 'm', 'batch', 'ok', 0.009, '2026-11-02T00:00:00Z'),
              ('b', 'acme', 'search', 'm', 'batch', 'ok', 5.000, '2026-10-31T23:59:59Z'),
              ('c', 'acme', 'other',  'm', 'batch', 'ok', 5.000, '2026-11-03T00:00:00Z')
            """);
        var guard = new PostgresBudgetGuard(schema.DataSource);
        var limits = new BudgetLimits(0, HardNano: 10_000_000); // $0.01, $0.009 already spent this month

        Assert.Null(await guard.ReserveAsync("acme", "search", limits, 2_000_000, s_now, CancellationToken.None));
        var small = await guard.ReserveAsync("acme", "search", limits, 1_000_000, s_now, CancellationToken.None);
        Assert.NotNull(small);
        Assert.Null(await guard.ReserveAsync("acme", "search", limits, 1, s_now, CancellationToken.None));

        var settlement = await guard.SettleAsync(small, limits, 400_000, CancellationToken.None);
        Assert.Equal(9_400_000, settlement.SpentNano);
        Assert.NotNull(await guard.ReserveAsync("acme", "search", limits, 600_000, s_now, CancellationToken.None));
        Assert.NotNull(await guard.ReserveAsync("acme", "search", limits, 10_000_000, s_now.AddMonths(1), CancellationToken.None));
    }
}
