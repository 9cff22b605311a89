using LlmBroker.Contracts.V1;
using LlmBroker.Routing;
using LlmBroker.Sinks;
using LlmBroker.Storage.Pricing;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Pipeline.Tests;

public sealed class PriceBookCatalogTests : IAsyncLifetime
{
    private static readonly DateTimeOffset AfterTheAnthropicCheck = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private PostgresTestSchema? _schema;
    private PriceBook? _book;

    public async Task InitializeAsync()
    {
        _schema = await (await PostgresEnvironment.GetAsync()).CreateTestSchemaAsync(nameof(PriceBookCatalogTests));
        _book = new PriceBook(_schema.DataSource, TimeProvider.System);
        await _book.RefreshAsync(default);
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [Fact]
    public void TryPrice_AnthropicUsageWithCacheWrites_ChargesTheWritesAtTheSeededWritePrice()
    {
        var catalog = new PriceBookCatalog(_book!);
        var usage = new Usage { InputTokens = 1000, CachedInputTokens = 200, CacheWriteTokens = 300, OutputTokens = 100 };

        var cost = catalog.TryPrice("anthropic", "claude-sonnet-4-5-20250929", Lane.Interactive, usage, AfterTheAnthropicCheck);

        // 500 × 3 + 200 × 0.30 + 300 × 3.75 + 100 × 15 = 4185 micro-USD; the writes alone at the input price would give 3960.
        Assert.Equal(new ProviderCost(4_185_000, "anthropic/claude-sonnet-4-5@2026-02-05T00:00:00Z"), cost);
    }

    [Fact]
    public void TryPrice_SonnetFourPromptOverTheThreshold_ChargesTheLongTierOnTheBatchLane()
    {
        var catalog = new PriceBookCatalog(_book!);
        var usage = new Usage { InputTokens = 250_000, CachedInputTokens = 200_000, CacheWriteTokens = 0, OutputTokens = 1000 };

        var cost = catalog.TryPrice("anthropic", "claude-sonnet-4-20250514", Lane.Batch, usage, AfterTheAnthropicCheck);

        // (50,000 × 6 + 200,000 × 0.60 + 1000 × 22.50) × 0.5 = 221,250 micro-USD.
        Assert.Equal(221_250_000L, cost!.Value.NanoUsd);
    }
}
