using LlmBroker.Contracts.V1;
using LlmBroker.Storage.Pricing;

namespace LlmBroker.Storage.Tests;

public sealed class AnalystViewsTests : PostgresTest
{
    [Fact]
    public async Task CacheSavingsDaily_CacheHits_CostWhatTheCalculatorSaysAtTheListPrice()
    {
        await Db.ExecuteAsync("""
            DELETE FROM prices;
            INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount) VALUES
                ('openai', 'gpt-4o', '2026-01-01T00:00:00Z', 2.5, 1.25, 10, 0.5),
                ('anthropic', 'claude-sonnet', '2026-01-01T00:00:00Z', 3, 0.3, 15, 0.5);
            """);
        var outcomes = TestOutcomes.Batch(700);
        foreach (var hit in outcomes.Where(o => o.CacheHit))
        {
            hit.CostNanoUsd = 0;
        }

        await InTransactionAsync((c, t) => new UsageLedgerWriter().WriteAsync(c, t, outcomes, default));
        await using var connection = await DataSource.OpenConnectionAsync();
        var prices = await PriceBook.LoadAsync(connection, null, default);

        // TestOutcomes' provider models are dated ids of the aliases ("gpt-4o-2026-01-01"); llama and
        // mistral have no price here.
        var expected = outcomes
            .Where(o => o.CacheHit && prices.Find(o.Provider, o.ProviderModel, TestOutcomes.BaseTime) is not null)
            .Sum(o => CostCalculator.Compute(
                prices.Find(o.Provider, o.ProviderModel, TestOutcomes.BaseTime)!,
                new TokenUsage(o.Usage.InputTokens, o.Usage.CachedInputTokens, o.Usage.OutputTokens),
                o.Lane == Lane.Batch).NanoUsd) / 1_000_000_000m;
        Assert.True(expected > 0);
        Assert.Equal(expected, await Db.ScalarAsync<decimal>("SELECT sum(saved_usd) FROM cache_savings_daily"));
        Assert.Equal((long)outcomes.Count(o => o.CacheHit), await Db.ScalarAsync<long>("SELECT sum(cache_hits) FROM cache_savings_daily"));
        Assert.Equal(
            (long)outcomes.Count(o => o.CacheHit && (o.Model.StartsWith("llama", StringComparison.Ordinal) || o.Model.StartsWith("mistral", StringComparison.Ordinal))),
            await Db.ScalarAsync<long>("SELECT sum(hits_without_price) FROM cache_savings_daily"));
    }

    [Fact]
    public async Task CostOfFailuresDaily_FailedRequests_SummedByErrorCode()
    {
        var outcomes = TestOutcomes.Batch(300);

        await InTransactionAsync((c, t) => new UsageLedgerWriter().WriteAsync(c, t, outcomes, default));

        var failed = outcomes.Where(o => o.Status != ResultStatus.Ok).ToList();
        Assert.NotEmpty(failed);
        Assert.Equal((long)failed.Count, await Db.ScalarAsync<long>("SELECT sum(requests) FROM cost_of_failures_daily WHERE error_code = 'provider_error'"));
        Assert.Equal(TestOutcomes.CostUsd(failed), await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_of_failures_daily"));
    }

    [Fact]
    public async Task CostDailyByTagAndModel_AgreeWithTheLedger()
    {
        var outcomes = TestOutcomes.Batch(500);

        await InTransactionAsync((c, t) => new UsageLedgerWriter().WriteAsync(c, t, outcomes, default));
        await InTransactionAsync((c, t) => new UsageLedgerWriter().WriteAsync(c, t, outcomes.Take(100).ToList(), default));

        var total = TestOutcomes.CostUsd(outcomes);
        Assert.Equal(total, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_daily_by_tag WHERE tag = 'team'"));
        Assert.Equal(total, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_daily_by_tag WHERE tag = 'env'"));
        Assert.Equal(
            TestOutcomes.CostUsd(outcomes.Where(o => o.Tags["team"] == "core")),
            await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_daily_by_tag WHERE tag = 'team' AND tag_value = 'core'"));
        Assert.Equal(total, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_daily_by_model"));
        Assert.Equal(500L, await Db.ScalarAsync<long>("SELECT sum(requests) FROM cost_daily_by_model"));
    }
}
