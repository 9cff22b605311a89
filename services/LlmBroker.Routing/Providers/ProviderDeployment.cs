using LlmBroker.Contracts.V1;
using Microsoft.Extensions.AI;

namespace LlmBroker.Routing.Providers;

/// <summary>A configured deployment with its chat client and prices.</summary>
internal sealed class ProviderDeployment(DeploymentOptions options, IChatClient client) : IDisposable
{
    public DeploymentOptions Options { get; } = options;

    public IChatClient Client { get; } = client;

    public string Name => Options.Name;

    public string Provider => Options.Provider;

    /// <summary>Identifies the prices applied, recorded with every cost.</summary>
    public string PriceVersion { get; } =
        $"config:{options.Name}:{options.InputPricePerMillion}/{options.CachedInputPricePerMillion ?? options.InputPricePerMillion}/{options.OutputPricePerMillion}";

    /// <summary>True when the configuration sets a price: it then overrides the list prices (self-hosted models).</summary>
    public bool HasConfiguredPrices =>
        Options.InputPricePerMillion != 0 || Options.OutputPricePerMillion != 0 || Options.CachedInputPricePerMillion is not null and not 0;

    /// <summary>
    /// The cost of a call: the configured prices when set, else the catalog's list price, else the
    /// configured prices (zero) so the cost is never missing.
    /// </summary>
    public ProviderCost Cost(IPriceCatalog catalog, Lane lane, Usage usage, DateTimeOffset at)
    {
        if (!HasConfiguredPrices && catalog.TryPrice(Provider, Options.Model, lane, usage, at) is { } listed)
        {
            return listed;
        }

        return new ProviderCost(CostNanoUsd(usage), PriceVersion);
    }

    /// <summary>Cost of a usage in billionths of a US dollar (prices are USD per million tokens).</summary>
    public long CostNanoUsd(Usage usage)
    {
        var cached = Math.Min(usage.CachedInputTokens, usage.InputTokens);
        var uncached = usage.InputTokens - cached;
        var perMillion = (uncached * Options.InputPricePerMillion)
            + (cached * (Options.CachedInputPricePerMillion ?? Options.InputPricePerMillion))
            + (usage.OutputTokens * Options.OutputPricePerMillion);

        // USD per million tokens × tokens = micro-USD; × 1000 = nano-USD.
        return (long)decimal.Round(perMillion * 1000m, MidpointRounding.AwayFromZero);
    }

    public void Dispose() => Client.Dispose();
}
