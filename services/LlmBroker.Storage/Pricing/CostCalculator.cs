namespace LlmBroker.Storage.Pricing;

/// <summary>Token counts a cost is computed from (the provider's usage report).</summary>
/// <param name="InputTokens">Prompt tokens, cached and cache-written ones included (OpenAI's prompt_tokens).</param>
/// <param name="CachedInputTokens">The part of <paramref name="InputTokens"/> read from the provider's cache.</param>
/// <param name="OutputTokens">Completion tokens, reasoning tokens included.</param>
/// <param name="CacheWriteTokens">The part of <paramref name="InputTokens"/> written to the provider's prompt cache (Anthropic's cache_creation_input_tokens).</param>
public readonly record struct TokenUsage(long InputTokens, long CachedInputTokens, long OutputTokens, long CacheWriteTokens = 0);

/// <summary>A computed cost and the price version it used.</summary>
/// <param name="NanoUsd">Billionths of a US dollar.</param>
/// <param name="PriceVersion">The <see cref="ModelPrice.Version"/> applied.</param>
public readonly record struct CostQuote(long NanoUsd, string PriceVersion);

/// <summary>
/// Turns usage into money, the one formula the router and <c>llmbroker reprice</c> share:
/// <c>(uncached input × input price + cached input × cached price + cache-written input × cache-write
/// price + output × output price)</c> per million tokens, times <c>1 − batch discount</c> on the batch
/// lane, rounded once to the nearest billionth of a dollar (half away from zero). Uncached input is the
/// input count less the cached and written tokens; cached tokens are capped at the input count and
/// written tokens at what remains, so <c>cached + written ≤ input</c>. The cache-write price defaults to
/// the input price. When the price has a long-context tier and the input count (cached and written
/// tokens included) exceeds its threshold, every token of the request, input and output, takes the
/// tier's prices (its cached and write prices default to its input price); the batch discount applies
/// on either tier.
/// </summary>
public static class CostCalculator
{
    /// <summary>The cost of <paramref name="usage"/> at <paramref name="price"/>.</summary>
    public static CostQuote Compute(ModelPrice price, TokenUsage usage, bool batchLane)
    {
        ArgumentNullException.ThrowIfNull(price);
        var input = Math.Max(0, usage.InputTokens);
        var cached = Math.Clamp(usage.CachedInputTokens, 0, input);
        var written = Math.Clamp(usage.CacheWriteTokens, 0, input - cached);
        var output = Math.Max(0, usage.OutputTokens);

        var (inputPrice, cachedPrice, writePrice, outputPrice) = price.LongContext is { } tier && input > tier.ThresholdTokens
            ? (tier.InputUsdPerMillion, tier.CachedInputUsdPerMillion ?? tier.InputUsdPerMillion,
                tier.CacheWriteUsdPerMillion ?? tier.InputUsdPerMillion, tier.OutputUsdPerMillion)
            : (price.InputUsdPerMillion, price.CachedInputUsdPerMillion,
                price.CacheWriteUsdPerMillion ?? price.InputUsdPerMillion, price.OutputUsdPerMillion);

        // Tokens × USD per million = micro-dollars; × 1000 = nano-dollars. decimal keeps it exact.
        var microUsd = ((input - cached - written) * inputPrice)
            + (cached * cachedPrice)
            + (written * writePrice)
            + (output * outputPrice);
        if (batchLane)
        {
            microUsd *= 1m - price.BatchDiscount;
        }

        return new CostQuote((long)decimal.Round(microUsd * 1000m, MidpointRounding.AwayFromZero), price.Version);
    }
}
