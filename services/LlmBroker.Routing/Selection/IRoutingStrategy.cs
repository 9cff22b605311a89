using LlmBroker.Routing.Providers;

namespace LlmBroker.Routing.Selection;

/// <summary>Picks one deployment among the eligible ones of an alias. Implementations are thread-safe and allocation-free.</summary>
internal interface IRoutingStrategy
{
    /// <summary>The strategy's name (see <see cref="RoutingStrategies"/>).</summary>
    string Name { get; }

    /// <summary>One of <paramref name="eligible"/> (indexes into <paramref name="deployments"/>, never empty).</summary>
    int Choose(ProviderDeployment[] deployments, ReadOnlySpan<int> eligible);
}

/// <summary>Creates strategies by name.</summary>
internal static class RoutingStrategyFactory
{
    public static IRoutingStrategy Create(string name, Random? random = null) => name switch
    {
        RoutingStrategies.Weighted => new WeightedStrategy(random),
        RoutingStrategies.LeastLatency => new LowestScoreStrategy(RoutingStrategies.LeastLatency, d => d.Health.LatencyMs, random),
        RoutingStrategies.LeastBusy => new LowestScoreStrategy(RoutingStrategies.LeastBusy, d => d.Health.InFlight, random),
        RoutingStrategies.LeastCost => new LowestScoreStrategy(RoutingStrategies.LeastCost, d => d.PricePerMillion, random),
        RoutingStrategies.UsageBased => new LowestScoreStrategy(RoutingStrategies.UsageBased, UsedShareOfTpm, random),
        _ => throw new ArgumentException($"unknown routing strategy '{name}'", nameof(name)),
    };

    /// <summary>Share of the tokens-per-minute limit used this minute (lower is more headroom); unlimited deployments count as unused.</summary>
    private static double UsedShareOfTpm(ProviderDeployment deployment) =>
        deployment.Options.Tpm > 0 ? (double)deployment.Health.TokensThisMinute / deployment.Options.Tpm : 0;
}

/// <summary>Random in proportion to the deployments' weights (uniform when every weight is 0).</summary>
internal sealed class WeightedStrategy(Random? random = null) : IRoutingStrategy
{
    private readonly Random _random = random ?? Random.Shared;
    private readonly Lock _gate = new();

    public string Name => RoutingStrategies.Weighted;

    public int Choose(ProviderDeployment[] deployments, ReadOnlySpan<int> eligible)
    {
        if (eligible.Length == 1)
        {
            return eligible[0];
        }

        long total = 0;
        foreach (var i in eligible)
        {
            total += deployments[i].Options.Weight;
        }

        if (total == 0)
        {
            return eligible[Next(eligible.Length)];
        }

        var roll = NextLong(total);
        foreach (var i in eligible)
        {
            roll -= deployments[i].Options.Weight;
            if (roll < 0)
            {
                return i;
            }
        }

        return eligible[^1];
    }

    private int Next(int max)
    {
        if (ReferenceEquals(_random, Random.Shared))
        {
            return Random.Shared.Next(max);
        }

        lock (_gate)
        {
            return _random.Next(max);
        }
    }

    private long NextLong(long max)
    {
        if (ReferenceEquals(_random, Random.Shared))
        {
            return Random.Shared.NextInt64(max);
        }

        lock (_gate)
        {
            return _random.NextInt64(max);
        }
    }
}

/// <summary>
/// The deployment with the lowest score (latency, calls in flight, price, used share of TPM). Ties are
/// broken by starting the scan at a random position, so equal deployments share the traffic.
/// </summary>
internal sealed class LowestScoreStrategy(string name, Func<ProviderDeployment, double> score, Random? random = null) : IRoutingStrategy
{
    private readonly Random _random = random ?? Random.Shared;
    private readonly Lock _gate = new();

    public string Name { get; } = name;

    public int Choose(ProviderDeployment[] deployments, ReadOnlySpan<int> eligible)
    {
        if (eligible.Length == 1)
        {
            return eligible[0];
        }

        var start = Start(eligible.Length);
        var best = eligible[start];
        var bestScore = score(deployments[best]);
        for (var k = 1; k < eligible.Length; k++)
        {
            var i = eligible[(start + k) % eligible.Length];
            var s = score(deployments[i]);
            if (s < bestScore)
            {
                best = i;
                bestScore = s;
            }
        }

        return best;
    }

    private int Start(int count)
    {
        if (ReferenceEquals(_random, Random.Shared))
        {
            return Random.Shared.Next(count);
        }

        lock (_gate)
        {
            return _random.Next(count);
        }
    }
}
