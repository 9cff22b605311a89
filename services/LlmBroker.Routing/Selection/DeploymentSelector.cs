using LlmBroker.Routing.Providers;

namespace LlmBroker.Routing.Selection;

/// <summary>Why no deployment of an alias was eligible (several may hold).</summary>
[Flags]
internal enum SelectionMiss
{
    None = 0,

    /// <summary>Every matching deployment was already tried.</summary>
    AllTried = 1,

    /// <summary>A matching deployment was skipped because its circuit is open.</summary>
    CircuitOpen = 2,

    /// <summary>The pinned deployment is not one of the alias's.</summary>
    Pin = 4,

    /// <summary>No deployment carries every requested tag.</summary>
    Tags = 8,

    /// <summary>No deployment's context window fits the prompt.</summary>
    ContextWindow = 16,
}

/// <summary>
/// Applies the rules (pin, tags, context window, open circuits, already tried) and then the alias's
/// strategy. On the hot path: no allocation, one pass over the deployments.
/// </summary>
internal static class DeploymentSelector
{
    /// <summary>The index of the deployment to call next, or -1 with the reasons in <paramref name="miss"/>.</summary>
    public static int Select(AliasRoute route, RequestFacts facts, ulong tried, out SelectionMiss miss)
    {
        var deployments = route.Deployments;
        Span<int> eligible = stackalloc int[deployments.Length];
        var count = 0;
        miss = SelectionMiss.None;
        var needsFit = route.SmallestContextWindow > 0 && facts.TokenUpperBound > route.SmallestContextWindow;
        for (var i = 0; i < deployments.Length; i++)
        {
            var deployment = deployments[i];
            if (facts.PinnedDeployment is { } pin && !string.Equals(pin, deployment.Name, StringComparison.Ordinal))
            {
                miss |= SelectionMiss.Pin;
                continue;
            }

            if (facts.RequiredTags is { } tags && !HasAll(deployment, tags))
            {
                miss |= SelectionMiss.Tags;
                continue;
            }

            if (needsFit && !facts.Fits(deployment.Options.ContextWindow))
            {
                miss |= SelectionMiss.ContextWindow;
                continue;
            }

            if ((tried & (1UL << i)) != 0)
            {
                miss |= SelectionMiss.AllTried;
                continue;
            }

            if (deployment.Health.IsOpen)
            {
                miss |= SelectionMiss.CircuitOpen;
                continue;
            }

            eligible[count++] = i;
        }

        if (count == 0)
        {
            return -1;
        }

        miss = SelectionMiss.None;
        return route.Strategy.Choose(deployments, eligible[..count]);
    }

    private static bool HasAll(ProviderDeployment deployment, string[] tags)
    {
        foreach (var tag in tags)
        {
            if (!deployment.Tags.Contains(tag))
            {
                return false;
            }
        }

        return true;
    }
}
