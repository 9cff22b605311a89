using LlmBroker.Contracts.V1;
using LlmBroker.Storage.Pricing;
using LlmBroker.Testing.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Storage.Tests;

public sealed class CostCalculatorTests
{
    private static readonly ModelPrice Price = new("openai", "gpt-4o", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 2.50m, 1.25m, 10.00m, 0.5m);

    [Fact]
    public void Compute_UncachedCachedAndOutput_PricesEachPerMillion()
    {
        // 1000 uncached × 2.50 + 500 cached × 1.25 + 200 output × 10.00 = 5125 micro-USD.
        var quote = CostCalculator.Compute(Price, new TokenUsage(1500, 500, 200), batchLane: false);

        Assert.Equal(5_125_000L, quote.NanoUsd);
        Assert.Equal("openai/gpt-4o@2026-01-01T00:00:00Z", quote.PriceVersion);
    }

    [Fact]
    public void Compute_BatchLane_AppliesTheDiscount()
    {
        Assert.Equal(2_562_500L, CostCalculator.Compute(Price, new TokenUsage(1500, 500, 200), batchLane: true).NanoUsd);
    }

    [Fact]
    public void Compute_FractionOfANanoDollar_RoundsOnceHalfAwayFromZero()
    {
        var cheap = Price with { InputUsdPerMillion = 0.0005m, OutputUsdPerMillion = 0m };

        Assert.Equal(1L, CostCalculator.Compute(cheap, new TokenUsage(1, 0, 0), batchLane: false).NanoUsd);
        Assert.Equal(2L, CostCalculator.Compute(cheap, new TokenUsage(3, 0, 0), batchLane: false).NanoUsd);
        Assert.Equal(0L, CostCalculator.Compute(cheap with { InputUsdPerMillion = 0.0004m }, new TokenUsage(1, 0, 0), batchLane: false).NanoUsd);
    }

    [Fact]
    public void Compute_MoreCachedThanInput_CapsTheCachedTokens()
    {
        Assert.Equal(1_250L, CostCalculator.Compute(Price, new TokenUsage(1, 5, 0), batchLane: false).NanoUsd);
    }
}

public sealed class CostCalculatorTierTests
{
    // Claude Sonnet 4 as migration 0033 records it: writes at 1.25x input, a long tier above 200,000 input tokens.
    private static readonly ModelPrice Sonnet = new(
        "anthropic", "claude-sonnet-4", new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero), 3m, 0.30m, 15m, 0.5m,
        CacheWriteUsdPerMillion: 3.75m,
        LongContext: new LongContextPrice(200_000, 6m, 0.60m, 7.50m, 22.50m));

    private static readonly ModelPrice NoWritePrice = new("openai", "gpt-4o", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 2.50m, 1.25m, 10m, 0.5m);

    [Fact]
    public void Compute_CacheWrites_ArePricedAtTheWritePrice()
    {
        // 500 uncached × 3 + 200 cached × 0.30 + 300 written × 3.75 + 100 output × 15 = 4185 micro-USD.
        Assert.Equal(4_185_000L, CostCalculator.Compute(Sonnet, new TokenUsage(1000, 200, 100, 300), batchLane: false).NanoUsd);
    }

    [Fact]
    public void Compute_NoWritePrice_WrittenTokensCostTheInputPrice()
    {
        var withWrites = CostCalculator.Compute(NoWritePrice, new TokenUsage(1000, 200, 100, 300), batchLane: false);

        // 500 × 2.50 + 200 × 1.25 + 300 × 2.50 + 100 × 10 = 3250 micro-USD, the same as without writes.
        Assert.Equal(3_250_000L, withWrites.NanoUsd);
        Assert.Equal(CostCalculator.Compute(NoWritePrice, new TokenUsage(1000, 200, 100), batchLane: false), withWrites);
    }

    [Fact]
    public void Compute_CachedAndWrittenBeyondTheInput_AreCappedSoTheirSumIsTheInput()
    {
        // 8 cached × 0.30 + the 2 tokens left written × 3.75 = 9.9 micro-USD; nothing uncached.
        Assert.Equal(9_900L, CostCalculator.Compute(Sonnet, new TokenUsage(10, 8, 0, 5), batchLane: false).NanoUsd);
        Assert.Equal(30_000L, CostCalculator.Compute(Sonnet, new TokenUsage(10, 0, 0, -5), batchLane: false).NanoUsd);
    }

    [Fact]
    public void Compute_ExactlyTheThreshold_StaysOnTheBaseTier()
    {
        // 200,000 × 3 + 1000 × 15 = 615,000 micro-USD.
        Assert.Equal(615_000_000L, CostCalculator.Compute(Sonnet, new TokenUsage(200_000, 0, 1000), batchLane: false).NanoUsd);
    }

    [Fact]
    public void Compute_OneTokenOverTheThreshold_BillsInputAndOutputAtTheLongTier()
    {
        // 200,001 × 6 + 1000 × 22.50 = 1,222,506 micro-USD.
        Assert.Equal(1_222_506_000L, CostCalculator.Compute(Sonnet, new TokenUsage(200_001, 0, 1000), batchLane: false).NanoUsd);
    }

    [Fact]
    public void Compute_CacheReadsAndWrites_CountTowardTheThreshold()
    {
        // 1 uncached + 150,000 read + 50,000 written = 200,001 input tokens: long tier.
        // 1 × 6 + 150,000 × 0.60 + 50,000 × 7.50 = 465,006 micro-USD (the base tier would be 232,503).
        Assert.Equal(465_006_000L, CostCalculator.Compute(Sonnet, new TokenUsage(200_001, 150_000, 0, 50_000), batchLane: false).NanoUsd);
    }

    [Fact]
    public void Compute_BatchLaneOnTheLongTier_AppliesTheDiscount()
    {
        Assert.Equal(611_253_000L, CostCalculator.Compute(Sonnet, new TokenUsage(200_001, 0, 1000), batchLane: true).NanoUsd);
    }

    [Fact]
    public void Compute_LongTierWithoutCachePrices_ChargesCachedAndWrittenTokensTheLongInputPrice()
    {
        var tiered = NoWritePrice with { LongContext = new LongContextPrice(100, 2m, null, null, 4m) };

        // 101 input tokens, whatever their kind, × 2 + 10 output × 4 = 242 micro-USD.
        Assert.Equal(242_000L, CostCalculator.Compute(tiered, new TokenUsage(101, 50, 10, 20), batchLane: false).NanoUsd);
    }

    [Fact]
    public void Compute_HalfNanoDollarTerms_AreRoundedOnceNotPerTerm()
    {
        var cheap = Sonnet with
        {
            InputUsdPerMillion = 0.0005m, CacheWriteUsdPerMillion = 0.0005m, OutputUsdPerMillion = 0m,
            LongContext = new LongContextPrice(2, 0.0005m, 0m, 0.0005m, 0m),
        };

        // One uncached and one written token, half a nano-dollar each: 1, where rounding each term would give 2.
        Assert.Equal(1L, CostCalculator.Compute(cheap, new TokenUsage(2, 0, 0, 1), batchLane: false).NanoUsd);
        // Long tier (3 > 2), batch: 2 uncached + 1 written at 0.0005 = 1.5 nano, halved = 0.75 → 1.
        Assert.Equal(1L, CostCalculator.Compute(cheap, new TokenUsage(3, 0, 0, 1), batchLane: true).NanoUsd);
    }
}

public sealed class PriceListTests
{
    private static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly PriceList _prices = new([
        new("openai", "gpt-4o", January, 2.5m, 1.25m, 10m, 0.5m),
        new("openai", "gpt-4o", January.AddMonths(6), 2m, 1m, 8m, 0.5m),
        new("openai", "gpt-4o-mini", January, 0.15m, 0.075m, 0.6m, 0.5m),
        new("gemini", "gemini-2.5-flash", January, 0.3m, 0.03m, 2.5m, 0.5m),
    ]);

    [Fact]
    public void Find_AtAnInstant_TakesThePriceInEffectThen()
    {
        Assert.Equal(2.5m, _prices.Find("openai", "gpt-4o", January.AddMonths(6).AddTicks(-1))!.InputUsdPerMillion);
        Assert.Equal(2m, _prices.Find("openai", "gpt-4o", January.AddMonths(6))!.InputUsdPerMillion);
        Assert.Null(_prices.Find("openai", "gpt-4o", January.AddTicks(-1)));
    }

    [Fact]
    public void Find_DatedModelId_TakesTheLongestPricedPrefix()
    {
        Assert.Equal("gpt-4o", _prices.Find("openai", "gpt-4o-2024-08-06", January)!.Model);
        Assert.Equal("gpt-4o-mini", _prices.Find("openai", "gpt-4o-mini-2024-07-18", January)!.Model);
        Assert.Null(_prices.Find("openai", "gpt-4", January));
    }

    [Fact]
    public void Find_ModelPricedUnderOneOtherProvider_IsFoundThroughAnOpenAICompatibleEndpoint()
    {
        Assert.Equal("gemini", _prices.Find("openai", "gemini-2.5-flash", January)!.Provider);
        Assert.Null(_prices.Find("anthropic", "llama-70b", January));
    }
}

public sealed class PriceBookTests : PostgresTest
{
    [Fact]
    public async Task RefreshAsync_SeededPrices_CoverTheFourProviders()
    {
        var book = new PriceBook(DataSource, new FakeTimeProvider(TestOutcomes.BaseTime));

        await book.RefreshAsync(default);

        Assert.Equal(TestOutcomes.BaseTime, book.LoadedAt);
        var at = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(10.00m, book.Find("openai", "gpt-4o-2024-08-06", at)!.OutputUsdPerMillion);
        Assert.Equal(15.00m, book.Find("anthropic", "claude-sonnet-4-5-20250929", at)!.OutputUsdPerMillion);
        Assert.Equal("gemini", book.Find("openai", "gemini-2.5-pro", at)!.Provider);
        Assert.Equal("mistral", book.Find("mistral", "mistral-large-latest", at)!.Provider);
        Assert.True(book.Current.Count >= 20);
    }

    [Fact]
    public async Task RefreshAsync_NewPriceRow_IsSeenAfterTheNextRefresh()
    {
        var book = new PriceBook(DataSource, TimeProvider.System);
        await book.RefreshAsync(default);
        var later = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await Db.ExecuteAsync("""
            INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount)
            VALUES ('openai', 'gpt-4o', '2026-12-01T00:00:00Z', 1, 0.5, 4, 0.5)
            """);
        Assert.Equal(2.50m, book.Find("openai", "gpt-4o", later)!.InputUsdPerMillion);
        await book.RefreshAsync(default);

        Assert.Equal(1m, book.Find("openai", "gpt-4o", later)!.InputUsdPerMillion);
        Assert.Equal("openai/gpt-4o@2026-12-01T00:00:00Z", book.Find("openai", "gpt-4o", later)!.Version);
    }
}

public sealed class PriceBookRefreshTests : PostgresTest
{
    [Fact]
    public async Task RunAsync_EveryInterval_ReloadsThePricesTable()
    {
        var time = new FakeTimeProvider(TestOutcomes.BaseTime);
        var book = new PriceBook(DataSource, time);
        using var stop = new CancellationTokenSource();
        var later = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var run = book.RunAsync(TimeSpan.FromMinutes(5), e => Assert.Fail(e.Message), stop.Token);
        await WaitUntilAsync(() => book.LoadedAt is not null, "the first load");

        await Db.ExecuteAsync("""
            INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok)
            VALUES ('openai', 'gpt-4o', '2026-12-01T00:00:00Z', 1, 0.5, 4)
            """);
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(2.50m, book.Find("openai", "gpt-4o", later)!.InputUsdPerMillion);
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => book.Find("openai", "gpt-4o", later)!.InputUsdPerMillion == 1m, "the reload after the interval");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(TestOutcomes.BaseTime.AddMinutes(5), book.LoadedAt);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}

public sealed class LedgerRepricerTests : PostgresTest
{
    private const string OldPrices = """
        DELETE FROM prices;
        INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount) VALUES
            ('openai', 'gpt-4o', '2026-01-01T00:00:00Z', 2.5, 1.25, 10, 0.5),
            ('anthropic', 'claude-sonnet', '2026-01-01T00:00:00Z', 3, 0.3, 15, 0.5),
            ('mistral', 'mistral-large', '2026-01-01T00:00:00Z', 2, 2, 6, 0.5);
        UPDATE prices SET cache_write_usd_per_mtok = 3.75, long_context_threshold_tokens = 200000, long_input_usd_per_mtok = 6,
                          long_cached_input_usd_per_mtok = 0.6, long_cache_write_usd_per_mtok = 7.5, long_output_usd_per_mtok = 22.5
        WHERE model = 'claude-sonnet';
        """;

    // The correction: gpt-4o was too expensive from the start, claude-sonnet changed mid-period.
    private const string Corrections = """
        INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount) VALUES
            ('openai', 'gpt-4o', '2026-11-20T00:00:00Z', 2.0, 0.5, 8, 0.5),
            ('anthropic', 'claude-sonnet', '2026-11-20T12:00:00Z', 3.3, 0.33, 16.5, 0.25);
        UPDATE prices SET cache_write_usd_per_mtok = 4.125, long_context_threshold_tokens = 200000, long_input_usd_per_mtok = 6.6,
                          long_cached_input_usd_per_mtok = 0.66, long_cache_write_usd_per_mtok = 8.25, long_output_usd_per_mtok = 24.75
        WHERE model = 'claude-sonnet' AND effective_from = '2026-11-20T12:00:00Z';
        """;

    [Fact]
    public async Task RepriceAsync_CorrectedPrices_LedgerAndRollupsEqualAFreshRun()
    {
        var outcomes = WithCacheWritesAndLongPrompts(TestOutcomes.Batch(3000));
        await Db.ExecuteAsync(OldPrices);
        await WriteLedgerAsync(DataSource, Priced(outcomes, await LoadPricesAsync(DataSource)));
        await Db.ExecuteAsync(Corrections);

        var summary = await LedgerRepricer.RepriceAsync(DataSource, TestOutcomes.BaseTime.AddMinutes(-30), default);

        await using var fresh = await (await PostgresEnvironment.GetAsync()).CreateTestSchemaAsync("repricefresh");
        await fresh.ExecuteAsync(OldPrices + Corrections);
        await WriteLedgerAsync(fresh.DataSource, Priced(outcomes, await LoadPricesAsync(fresh.DataSource)));

        Assert.Equal(3000, summary.Rows);
        Assert.True(summary.Repriced > 1000);
        Assert.NotEqual(summary.CostBeforeUsd, summary.CostAfterUsd);
        foreach (var query in new[]
        {
            "SELECT request_id, cost_usd, coalesce(price_version, '') FROM usage_ledger",
            "SELECT hour, tenant, app, model, provider, requests, failed_requests, cache_hits, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd FROM cost_hourly",
            "SELECT hour, tenant, app, tag, tag_value, requests, failed_requests, cache_hits, input_tokens, output_tokens, cached_input_tokens, cost_usd FROM cost_hourly_tag",
        })
        {
            Assert.Equal(await RowsAsync(fresh, query), await RowsAsync(Db, query));
        }

        Assert.Equal(summary.CostAfterUsd, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger"));
        Assert.Equal(summary.CostAfterUsd, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_hourly"));
        // req-1: claude-sonnet on the batch lane before the correction, 250,000 input tokens of which 30
        // written, 21 output: long tier, (249,970 × 6 + 30 × 7.5 + 21 × 22.5) × 0.5 = 750,258.75 micro-USD.
        Assert.Equal(0.750258750m, await Db.ScalarAsync<decimal>("SELECT cost_usd FROM usage_ledger WHERE request_id = 'req-1'"));
        // req-9: the same at 109 input tokens (30 written) and 29 output: (79 × 3 + 30 × 3.75 + 29 × 15) × 0.5.
        Assert.Equal(0.000392250m, await Db.ScalarAsync<decimal>("SELECT cost_usd FROM usage_ledger WHERE request_id = 'req-9'"));
    }

    [Fact]
    public async Task RepriceAsync_RowsBeforeSince_AreLeftAsTheyWere()
    {
        await Db.ExecuteAsync(OldPrices);
        var outcomes = Priced(TestOutcomes.Batch(600), await LoadPricesAsync(DataSource));
        await WriteLedgerAsync(DataSource, outcomes);
        await Db.ExecuteAsync(Corrections);
        var before = await RowsAsync(Db, "SELECT request_id, cost_usd FROM usage_ledger WHERE completed_at < '2026-11-20T12:00:00Z'");

        await LedgerRepricer.RepriceAsync(DataSource, TestOutcomes.BaseTime.AddHours(2).AddMinutes(20), default);

        Assert.Equal(before, await RowsAsync(Db, "SELECT request_id, cost_usd FROM usage_ledger WHERE completed_at < '2026-11-20T12:00:00Z'"));
        Assert.Equal(
            await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger"),
            await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_hourly"));
    }

    [Fact]
    public async Task RepriceAsync_CacheHitAndRequestWithoutTokens_CostNothingAndKeepTheirPriceVersion()
    {
        await Db.ExecuteAsync(OldPrices);
        var rejected = TestOutcomes.Create(0);
        rejected.Status = ResultStatus.Rejected;
        rejected.Usage = new Usage();
        rejected.CostNanoUsd = 0;
        rejected.PriceVersion = "";
        var hit = TestOutcomes.Create(3);
        hit.CostNanoUsd = 5;
        await WriteLedgerAsync(DataSource, [rejected, hit]);

        var summary = await LedgerRepricer.RepriceAsync(DataSource, TestOutcomes.BaseTime, default);

        Assert.Equal(1, summary.Repriced);
        Assert.Equal(0m, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger WHERE request_id = 'req-0' AND price_version IS NOT NULL"));
        Assert.Equal("2026-11", await Db.ScalarAsync<string>("SELECT price_version FROM usage_ledger WHERE request_id = 'req-3'"));
    }

    /// <summary>Anthropic outcomes that wrote the prompt cache, one in five of them with a prompt over 200,000 tokens.</summary>
    private static List<Outcome> WithCacheWritesAndLongPrompts(List<Outcome> outcomes)
    {
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Model == "claude-sonnet")
            {
                outcomes[i].Usage.CacheWriteTokens = 30;
                if (i % 20 == 1)
                {
                    outcomes[i].Usage.InputTokens = 250_000;
                }
            }
        }

        return outcomes;
    }

    /// <summary>What the router records: the calculator's cost at the price in effect, nothing for a cache hit.</summary>
    private static List<Outcome> Priced(IEnumerable<Outcome> outcomes, PriceList prices) =>
        outcomes.Select(o =>
        {
            var priced = o.Clone();
            var at = priced.Times.ValidatedAt.ToDateTimeOffset();
            var price = prices.Find(priced.Provider, priced.ProviderModel, at);
            if (priced.CacheHit)
            {
                priced.CostNanoUsd = 0;
                priced.PriceVersion = "";
            }
            else if (price is not null)
            {
                var quote = CostCalculator.Compute(
                    price,
                    new TokenUsage(priced.Usage.InputTokens, priced.Usage.CachedInputTokens, priced.Usage.OutputTokens, priced.Usage.CacheWriteTokens),
                    priced.Lane == Lane.Batch);
                priced.CostNanoUsd = quote.NanoUsd;
                priced.PriceVersion = quote.PriceVersion;
            }

            return priced;
        }).ToList();

    private static async Task<PriceList> LoadPricesAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await PriceBook.LoadAsync(connection, null, default);
    }

    private static async Task WriteLedgerAsync(Npgsql.NpgsqlDataSource dataSource, List<Outcome> outcomes)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var chunk in outcomes.Chunk(500))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await new UsageLedgerWriter().WriteAsync(connection, transaction, chunk, default);
            await transaction.CommitAsync();
        }
    }

    private static async Task<List<string>> RowsAsync(PostgresTestSchema schema, string sql)
    {
        var rows = new List<string>();
        await using var command = schema.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join('|', values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}

public sealed class CheckedPricesTests : PostgresTest
{
    private static readonly DateTimeOffset SnapshotDate = new(2025, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AnthropicCheck = new(2026, 2, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Today = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MistralCardCopy = new(2026, 3, 16, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RefreshAsync_CheckedPrice_TakesOverFromTheSnapshotOnItsSourceDate()
    {
        var book = await LoadAsync();

        Assert.Equal("anthropic/claude-sonnet-4-5@2025-11-01T00:00:00Z", book.Find("anthropic", "claude-sonnet-4-5-20250929", AnthropicCheck.AddTicks(-1))!.Version);
        var checkedPrice = book.Find("anthropic", "claude-sonnet-4-5-20250929", AnthropicCheck)!;
        Assert.Equal("anthropic/claude-sonnet-4-5@2026-02-05T00:00:00Z", checkedPrice.Version);
        Assert.Equal((3.00m, 0.30m, 15.00m, 0.5m), (checkedPrice.InputUsdPerMillion, checkedPrice.CachedInputUsdPerMillion, checkedPrice.OutputUsdPerMillion, checkedPrice.BatchDiscount));
        Assert.Equal("openai/gpt-5-nano@2026-11-26T00:00:00Z", book.Find("openai", "gpt-5-nano-2025-08-07", Today)!.Version);
        Assert.Equal(0.005m, book.Find("openai", "gpt-5-nano", Today)!.CachedInputUsdPerMillion);
    }

    [Fact]
    public async Task RefreshAsync_NewerModelOnTheCheckedPage_HasItsOwnPriceNotTheOlderPrefix()
    {
        var book = await LoadAsync();

        var opus = book.Find("anthropic", "claude-opus-4-6", Today)!;
        Assert.Equal(("claude-opus-4-6", 5.00m, 0.50m, 25.00m), (opus.Model, opus.InputUsdPerMillion, opus.CachedInputUsdPerMillion, opus.OutputUsdPerMillion));
        Assert.Equal("claude-opus-4-5", book.Find("anthropic", "claude-opus-4-5-20251101", Today)!.Model);
        Assert.Equal("claude-sonnet-4-6", book.Find("anthropic", "claude-sonnet-4-6", Today)!.Model);
        Assert.Null(book.Find("anthropic", "claude-opus-4-6", AnthropicCheck.AddTicks(-1)));
    }

    [Fact]
    public async Task RefreshAsync_UncheckedModel_KeepsItsSnapshotPrice()
    {
        var book = await LoadAsync();

        foreach (var (provider, model) in new[] { ("openai", "gpt-4o"), ("openai", "gpt-5"), ("openai", "gpt-4.1-mini"), ("gemini", "gemini-2.5-pro") })
        {
            Assert.Equal(SnapshotDate, book.Find(provider, model, Today)!.EffectiveFrom);
        }
    }

    [Fact]
    public async Task RefreshAsync_MistralLatestAlias_TakesItsCardPriceFromTheCardDate()
    {
        var book = await LoadAsync();

        Assert.Equal("mistral/mistral-large-latest@2025-11-01T00:00:00Z", book.Find("mistral", "mistral-large-latest", MistralCardCopy.AddTicks(-1))!.Version);
        var large = book.Find("mistral", "mistral-large-latest", MistralCardCopy)!;
        Assert.Equal("mistral/mistral-large-latest@2026-03-16T00:00:00Z", large.Version);
        Assert.Equal((0.50m, 0.50m, 1.50m, 0.5m), (large.InputUsdPerMillion, large.CachedInputUsdPerMillion, large.OutputUsdPerMillion, large.BatchDiscount));
        var small = book.Find("mistral", "mistral-small-latest", Today)!;
        Assert.Equal((0.15m, 0.60m), (small.InputUsdPerMillion, small.OutputUsdPerMillion));
        Assert.Equal("mistral/codestral-latest@2026-03-16T00:00:00Z", book.Find("mistral", "codestral-latest", Today)!.Version);
    }

    [Fact]
    public async Task RefreshAsync_MistralMediumLatest_MovesToMedium35OnlyFromTheCheckDate()
    {
        var book = await LoadAsync();

        Assert.Equal(0.40m, book.Find("mistral", "mistral-medium-latest", Today.AddTicks(-1))!.InputUsdPerMillion);
        var medium = book.Find("mistral", "mistral-medium-latest", Today)!;
        Assert.Equal((1.50m, 1.50m, 7.50m), (medium.InputUsdPerMillion, medium.CachedInputUsdPerMillion, medium.OutputUsdPerMillion));
    }

    [Fact]
    public async Task RefreshAsync_PinnedMistralId_HasItsCardPriceAndDoesNotPriceOtherVersions()
    {
        var book = await LoadAsync();

        Assert.Equal(("mistral-large-2512", 0.50m), (book.Find("mistral", "mistral-large-2512", Today)!.Model, book.Find("mistral", "mistral-large-2512", Today)!.InputUsdPerMillion));
        Assert.Equal("mistral-medium-3-5", book.Find("mistral", "mistral-medium-3-5", Today)!.Model);
        Assert.Null(book.Find("mistral", "mistral-medium-3-1", Today));
        Assert.Equal(0.15m, book.Find("openai", "mistral-small-2603", Today)!.InputUsdPerMillion);
    }

    [Fact]
    public async Task Migrate_EveryCheckedRow_NamesItsSourcePageAndDate()
    {
        var rows = new List<(DateTime EffectiveFrom, string Source)>();
        await using (var command = DataSource.CreateCommand("SELECT effective_from, source FROM prices WHERE effective_from > '2025-11-01T00:00:00Z'"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetDateTime(0), reader.GetString(1)));
            }
        }

        // 0027: 10 rows; 0030: 8 Mistral rows.
        Assert.Equal(18, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.StartsWith("https://", r.Source, StringComparison.Ordinal);
            Assert.Contains(r.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.Source, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RefreshAsync_CheckedAnthropicRows_CarryTheirFiveMinuteCacheWritePrices()
    {
        var book = await LoadAsync();

        foreach (var (model, write) in new[]
        {
            ("claude-opus-4-1", 18.75m), ("claude-sonnet-4-5-20250929", 3.75m), ("claude-sonnet-4-20250514", 3.75m),
            ("claude-haiku-4-5", 1.25m), ("claude-3-5-haiku-20241022", 1.00m), ("claude-opus-4-5", 6.25m),
            ("claude-opus-4-6", 6.25m), ("claude-sonnet-4-6", 3.75m),
        })
        {
            var price = book.Find("anthropic", model, Today)!;
            Assert.Equal(AnthropicCheck, price.EffectiveFrom);
            Assert.Equal(write, price.CacheWriteUsdPerMillion);
            Assert.Equal(price.InputUsdPerMillion * 1.25m, write);
        }

        Assert.Null(book.Find("anthropic", "claude-sonnet-4-5", AnthropicCheck.AddTicks(-1))!.CacheWriteUsdPerMillion);
        Assert.Null(book.Find("openai", "gpt-4o", Today)!.CacheWriteUsdPerMillion);
    }

    [Fact]
    public async Task RefreshAsync_TieredRows_CarryTheirLongContextTier()
    {
        var book = await LoadAsync();

        var sonnet4 = book.Find("anthropic", "claude-sonnet-4-20250514", Today)!;
        Assert.Equal("anthropic/claude-sonnet-4@2026-02-05T00:00:00Z", sonnet4.Version);
        Assert.Equal(new LongContextPrice(200_000, 6.00m, 0.60m, 7.50m, 22.50m), sonnet4.LongContext);
        var gemini = book.Find("gemini", "gemini-2.5-pro", Today)!;
        Assert.Equal(SnapshotDate, gemini.EffectiveFrom);
        Assert.Equal(new LongContextPrice(200_000, 2.50m, 0.25m, null, 15.00m), gemini.LongContext);
        foreach (var (provider, model) in new[] { ("anthropic", "claude-sonnet-4-5"), ("anthropic", "claude-sonnet-4-6"), ("anthropic", "claude-opus-4-6"), ("gemini", "gemini-2.5-flash") })
        {
            Assert.Null(book.Find(provider, model, Today)!.LongContext);
        }

        Assert.Contains("UNCHECKED against Google", await Db.ScalarAsync<string>("SELECT source FROM prices WHERE model = 'gemini-2.5-pro'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_LongTierWithoutItsOutputPrice_IsRefused()
    {
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Db.ExecuteAsync("""
            INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok,
                                long_context_threshold_tokens, long_input_usd_per_mtok)
            VALUES ('openai', 'gpt-4o', '2027-01-01T00:00:00Z', 1, 0.5, 4, 200000, 2)
            """));

        Assert.Equal("prices_long_context_complete", error.ConstraintName);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Db.ExecuteAsync("""
            INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, cache_write_usd_per_mtok)
            VALUES ('openai', 'gpt-4o', '2027-01-01T00:00:00Z', 1, 0.5, 4, -1)
            """));
    }

    [Fact]
    public async Task Migrate_EveryPriceRow_HasCachedInputNoDearerThanInput()
    {
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM prices WHERE cached_input_usd_per_mtok > input_usd_per_mtok OR source = ''"));
    }

    private async Task<PriceBook> LoadAsync()
    {
        var book = new PriceBook(DataSource, new FakeTimeProvider(TestOutcomes.BaseTime));
        await book.RefreshAsync(default);
        return book;
    }
}
