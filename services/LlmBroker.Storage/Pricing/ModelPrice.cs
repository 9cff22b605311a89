using System.Globalization;

namespace LlmBroker.Storage.Pricing;

/// <summary>One row of the <c>prices</c> table: list prices of a provider model from an instant on.</summary>
/// <param name="Provider">Provider name (openai, anthropic, gemini, mistral, ...).</param>
/// <param name="Model">The provider's model id.</param>
/// <param name="EffectiveFrom">When the price takes effect.</param>
/// <param name="InputUsdPerMillion">US dollars per million uncached input tokens.</param>
/// <param name="CachedInputUsdPerMillion">US dollars per million input tokens read from the provider's cache.</param>
/// <param name="OutputUsdPerMillion">US dollars per million output tokens (reasoning tokens included).</param>
/// <param name="BatchDiscount">Fraction taken off the cost on the batch lane (0.5 = half price).</param>
/// <param name="CacheWriteUsdPerMillion">US dollars per million input tokens written to the provider's prompt cache; null = the input price.</param>
/// <param name="LongContext">Prices of a request whose input exceeds a threshold; null = no long-context tier.</param>
public sealed record ModelPrice(
    string Provider,
    string Model,
    DateTimeOffset EffectiveFrom,
    decimal InputUsdPerMillion,
    decimal CachedInputUsdPerMillion,
    decimal OutputUsdPerMillion,
    decimal BatchDiscount,
    decimal? CacheWriteUsdPerMillion = null,
    LongContextPrice? LongContext = null)
{
    /// <summary>Recorded with every cost: <c>{provider}/{model}@{effective_from as yyyy-MM-ddTHH:mm:ssZ}</c>.</summary>
    public string Version => string.Create(
        CultureInfo.InvariantCulture, $"{Provider}/{Model}@{EffectiveFrom.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
}

/// <summary>
/// A long-context tier: a request whose input tokens (uncached, cache reads and cache writes together)
/// exceed <paramref name="ThresholdTokens"/> is billed entirely, input and output, at these prices.
/// </summary>
/// <param name="ThresholdTokens">Input tokens above which the tier applies (a request of exactly this many is not in it).</param>
/// <param name="InputUsdPerMillion">US dollars per million uncached input tokens.</param>
/// <param name="CachedInputUsdPerMillion">US dollars per million input tokens read from the cache; null = <paramref name="InputUsdPerMillion"/>.</param>
/// <param name="CacheWriteUsdPerMillion">US dollars per million input tokens written to the cache; null = <paramref name="InputUsdPerMillion"/>.</param>
/// <param name="OutputUsdPerMillion">US dollars per million output tokens.</param>
public sealed record LongContextPrice(
    long ThresholdTokens,
    decimal InputUsdPerMillion,
    decimal? CachedInputUsdPerMillion,
    decimal? CacheWriteUsdPerMillion,
    decimal OutputUsdPerMillion);
