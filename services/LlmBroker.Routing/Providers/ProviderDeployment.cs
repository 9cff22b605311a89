using LlmBroker.Contracts.V1;
using Microsoft.Extensions.AI;

namespace LlmBroker.Routing.Providers;

/// <summary>A configured deployment with its chat client, prices and run-time health.</summary>
internal sealed class ProviderDeployment : IDisposable
{
    public ProviderDeployment(DeploymentOptions options, IChatClient client, DeploymentHealth health)
    {
        Options = options;
        Client = client;
        Health = health;
        Name = options.Name;
        Provider = options.Provider.ToLowerInvariant();
        PriceVersion =
            $"config:{options.Name}:{options.InputPricePerMillion}/{options.CachedInputPricePerMillion ?? options.InputPricePerMillion}/{options.OutputPricePerMillion}";
        PricePerMillion = (double)(options.InputPricePerMillion + options.OutputPricePerMillion);
        Tags = new HashSet<string>(options.Tags, StringComparer.OrdinalIgnoreCase);
        if (options.Region is { Length: > 0 } region)
        {
            Tags.Add(region);
        }
    }

    public DeploymentOptions Options { get; }

    public IChatClient Client { get; }

    public DeploymentHealth Health { get; }

    public string Name { get; }

    public string Provider { get; }

    /// <summary>Input plus output price per million tokens, for the least-cost strategy.</summary>
    public double PricePerMillion { get; }

    /// <summary>The deployment's tags and region, matched against a request's <c>route_tags</c>.</summary>
    public HashSet<string> Tags { get; }

    /// <summary>Identifies the prices applied, recorded with every cost.</summary>
    public string PriceVersion { get; }

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
        var written = Math.Min(usage.CacheWriteTokens, usage.InputTokens - cached);
        var uncached = usage.InputTokens - cached - written;
        var perMillion = (uncached * Options.InputPricePerMillion)
            + (cached * (Options.CachedInputPricePerMillion ?? Options.InputPricePerMillion))
            + (written * (Options.CacheWritePricePerMillion ?? Options.InputPricePerMillion))
            + (usage.OutputTokens * Options.OutputPricePerMillion);

        // USD per million tokens × tokens = micro-USD; × 1000 = nano-USD.
        return (long)decimal.Round(perMillion * 1000m, MidpointRounding.AwayFromZero);
    }

    public void Dispose() => Client.Dispose();
}
