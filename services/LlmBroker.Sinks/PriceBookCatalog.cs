using LlmBroker.Contracts.V1;
using LlmBroker.Routing;
using LlmBroker.Storage.Pricing;

namespace LlmBroker.Sinks;

/// <summary>The router's list prices: the PostgreSQL price book, priced with the shared <see cref="CostCalculator"/>.</summary>
internal sealed class PriceBookCatalog(PriceBook book) : IPriceCatalog
{
    public ProviderCost? TryPrice(string provider, string model, Lane lane, Usage usage, DateTimeOffset at)
    {
        if (book.Find(provider, model, at) is not { } price)
        {
            return null;
        }

        var quote = CostCalculator.Compute(
            price, new TokenUsage(usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens, usage.CacheWriteTokens), lane == Lane.Batch);
        return new ProviderCost(quote.NanoUsd, quote.PriceVersion);
    }
}
