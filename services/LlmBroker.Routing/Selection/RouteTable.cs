using LlmBroker.Routing.Providers;

namespace LlmBroker.Routing.Selection;

/// <summary>One alias ready for routing: its deployments, strategy and fallbacks. Immutable.</summary>
internal sealed class AliasRoute
{
    public AliasRoute(ModelRouteOptions options, ProviderDeployment[] deployments, IRoutingStrategy strategy)
    {
        Alias = options.Alias;
        Deployments = deployments;
        Strategy = strategy;
        Fallbacks = [.. options.Fallbacks];
        ContextWindowFallbacks = [.. options.ContextWindowFallbacks];
        ContentPolicyFallbacks = [.. options.ContentPolicyFallbacks];
        HedgingDelay = options.HedgingDelay;
        var smallest = 0;
        foreach (var d in deployments)
        {
            if (d.Options.ContextWindow > 0 && (smallest == 0 || d.Options.ContextWindow < smallest))
            {
                smallest = d.Options.ContextWindow;
            }
        }

        SmallestContextWindow = smallest;
    }

    public string Alias { get; }

    public ProviderDeployment[] Deployments { get; }

    public IRoutingStrategy Strategy { get; }

    public string[] Fallbacks { get; }

    public string[] ContextWindowFallbacks { get; }

    public string[] ContentPolicyFallbacks { get; }

    public TimeSpan? HedgingDelay { get; }

    /// <summary>The smallest known context window of the alias's deployments; 0 when none is known.</summary>
    public int SmallestContextWindow { get; }
}

/// <summary>Every alias by name: the snapshot the router reads, replaced whole on reload.</summary>
internal sealed class RouteTable(IReadOnlyDictionary<string, AliasRoute> aliases)
{
    public static RouteTable Empty { get; } = new(new Dictionary<string, AliasRoute>());

    public IReadOnlyDictionary<string, AliasRoute> Aliases { get; } = aliases;

    public AliasRoute? Find(string alias) => Aliases.TryGetValue(alias, out var route) ? route : null;
}
