namespace LlmBroker.Storage.Pricing;

/// <summary>Token counts a cost is computed from (the provider's usage report).</summary>
/// <param name="InputTokens">Prompt tokens, cached ones included (OpenAI's prompt_tokens).</param>
/// <param name="CachedInputTokens">The part of <paramref name="InputTokens"/> read from the provider's cache.</param>
/// <param name="OutputTokens">Completion tokens, reasoning tokens included.</param>
public readonly record struct TokenUsage(long InputTokens, long CachedInputTokens, long OutputTokens);

/// <summary>A computed cost and the price version it used.</summary>
/// <param name="NanoUsd">Billionths of a US dollar.</param>
/// <param name="PriceVersion">The <see cref="ModelPrice.Version"/> applied.</param>
public readonly record struct CostQuote(long NanoUsd, string PriceVersion);

/// <summary>
/// Turns usage into money, the one formula the router and <c>llmbroker reprice</c> share:
/// <c>(uncached input × input price + cached input × cached price + output × output price)</c> per
/// million tokens, times <c>1 − batch discount</c> on the batch lane, rounded once to the nearest
/// billionth of a dollar (half away from zero). Cached tokens beyond the input count are capped.
/// </summary>
public static class CostCalculator
{
    /// <summary>The cost of <paramref name="usage"/> at <paramref name="price"/>.</summary>
    public static CostQuote Compute(ModelPrice price, TokenUsage usage, bool batchLane)
    {
        ArgumentNullException.ThrowIfNull(price);
        var input = Math.Max(0, usage.InputTokens);
        var cached = Math.Clamp(usage.CachedInputTokens, 0, input);
        var output = Math.Max(0, usage.OutputTokens);

        // Tokens × USD per million = micro-dollars; × 1000 = nano-dollars. decimal keeps it exact.
        var microUsd = ((input - cached) * price.InputUsdPerMillion)
            + (cached * price.CachedInputUsdPerMillion)
            + (output * price.OutputUsdPerMillion);
        if (batchLane)
        {
            microUsd *= 1m - price.BatchDiscount;
        }

        return new CostQuote((long)decimal.Round(microUsd * 1000m, MidpointRounding.AwayFromZero), price.Version);
    }
}
