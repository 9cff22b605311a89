using LlmBroker.Contracts.V1;

namespace LlmBroker.Routing;

/// <summary>A provider call's cost and the price version it was computed with.</summary>
/// <param name="NanoUsd">Billionths of a US dollar.</param>
/// <param name="PriceVersion">Identifies the prices applied.</param>
public readonly record struct ProviderCost(long NanoUsd, string PriceVersion);

/// <summary>
/// List prices the router charges provider calls with. A deployment whose configuration sets prices
/// (self-hosted models) is charged those instead.
/// </summary>
public interface IPriceCatalog
{
    /// <summary>
    /// The cost of <paramref name="usage"/> on <paramref name="provider"/>'s <paramref name="model"/>
    /// at <paramref name="at"/> on <paramref name="lane"/>, or null when no price is known.
    /// </summary>
    ProviderCost? TryPrice(string provider, string model, Lane lane, Usage usage, DateTimeOffset at);
}

/// <summary>No list prices: every deployment is charged its configured prices.</summary>
public sealed class NoPriceCatalog : IPriceCatalog
{
    /// <inheritdoc />
    public ProviderCost? TryPrice(string provider, string model, Lane lane, Usage usage, DateTimeOffset at) => null;
}
