using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Tests;

public sealed class CostQueriesTests : PostgresTest
{
    private readonly List<Outcome> _outcomes = TestOutcomes.Batch(1000);

    [Fact]
    public async Task CostByAppAndModelAsync_WholeRange_SumsPerAppAndModel()
    {
        await WriteAsync();

        var rows = await new CostQueries(DataSource).CostByAppAndModelAsync(
            TestOutcomes.BaseTime.AddDays(-1), TestOutcomes.BaseTime.AddDays(1), tenant: null, default);

        var expected = _outcomes
            .GroupBy(o => (o.Tenant, o.App, o.Model))
            .ToDictionary(g => g.Key, g => (Requests: (long)g.Count(), Input: g.Sum(o => (long)o.Usage.InputTokens), Output: g.Sum(o => (long)o.Usage.OutputTokens), Cost: TestOutcomes.CostUsd(g)));
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            var (requests, input, output, cost) = expected[(row.Tenant, row.App, row.Model)];
            Assert.Equal(requests, row.Requests);
            Assert.Equal(input, row.InputTokens);
            Assert.Equal(output, row.OutputTokens);
            Assert.Equal(cost, row.CostUsd);
        }

        Assert.Equal(rows.OrderByDescending(r => r.CostUsd).Select(r => r.CostUsd), rows.Select(r => r.CostUsd));
    }

    [Fact]
    public async Task CostByAppAndModelAsync_RangeAndTenant_CountsOnlyThoseHours()
    {
        await WriteAsync();
        // From 10:30 (rounded down to 10:00) to 12:00: the outcomes completed in hours 10 and 11.
        var from = TestOutcomes.BaseTime.AddMinutes(30);
        var to = TestOutcomes.BaseTime.AddHours(2);

        var rows = await new CostQueries(DataSource).CostByAppAndModelAsync(from, to, "acme", default);

        var expected = _outcomes.Where(o => o.Tenant == "acme" && o.Times.ValidatedAt.ToDateTimeOffset() < to).ToList();
        Assert.NotEmpty(expected);
        Assert.All(rows, r => Assert.Equal("acme", r.Tenant));
        Assert.Equal(expected.Count, rows.Sum(r => r.Requests));
        Assert.Equal(TestOutcomes.CostUsd(expected), rows.Sum(r => r.CostUsd));
    }

    [Fact]
    public async Task DailyCostByAppAsync_WholeRange_SumsPerDayAndApp()
    {
        await WriteAsync();

        var rows = await new CostQueries(DataSource).DailyCostByAppAsync(
            TestOutcomes.BaseTime.AddDays(-1), TestOutcomes.BaseTime.AddDays(1), tenant: null, default);

        Assert.All(rows, r => Assert.Equal(new DateOnly(2026, 11, 20), r.Day));
        Assert.Equal(_outcomes.Select(o => (o.Tenant, o.App)).Distinct().Count(), rows.Count);
        Assert.Equal(TestOutcomes.CostUsd(_outcomes), rows.Sum(r => r.CostUsd));
    }

    [Fact]
    public async Task AnalystViews_AfterWrites_AgreeWithLedger()
    {
        await WriteAsync();

        var total = TestOutcomes.CostUsd(_outcomes);
        Assert.Equal(total, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_daily_by_app"));
        Assert.Equal(total, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_by_model"));
        Assert.Equal(total, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_daily_by_tag WHERE tag = 'env'"));
        Assert.Equal(900d, await Db.ScalarAsync<double>("SELECT max(latency_ms_p95) FROM latency_daily_by_model"));
    }

    private Task<int> WriteAsync() =>
        InTransactionAsync((c, t) => new UsageLedgerWriter().WriteAsync(c, t, _outcomes, default));
}
