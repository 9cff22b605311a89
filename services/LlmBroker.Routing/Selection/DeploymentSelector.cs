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
            var why = Check(deployments[i], i, facts, tried, needsFit);
            if (why == SelectionMiss.None)
            {
                eligible[count++] = i;
            }

            miss |= why;
        }

        if (count == 0)
        {
            return -1;
        }

        miss = SelectionMiss.None;
        return route.Strategy.Choose(deployments, eligible[..count]);
    }

    /// <summary>
    /// Whether a deployment other than those in <paramref name="tried"/> could take the request now and
    /// is in the alias's regular rotation (weight above zero; a weight-0 deployment is a standby). A
    /// failed call then moves to it at once instead of retrying its own deployment after a backoff.
    /// </summary>
    public static bool HasPeer(AliasRoute route, RequestFacts facts, ulong tried)
    {
        var deployments = route.Deployments;
        var needsFit = route.SmallestContextWindow > 0 && facts.TokenUpperBound > route.SmallestContextWindow;
        for (var i = 0; i < deployments.Length; i++)
        {
            if (deployments[i].Options.Weight > 0 && Check(deployments[i], i, facts, tried, needsFit) == SelectionMiss.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rule that rules deployment <paramref name="i"/> out, or <see cref="SelectionMiss.None"/>.</summary>
    private static SelectionMiss Check(ProviderDeployment deployment, int i, RequestFacts facts, ulong tried, bool needsFit)
    {
        if (facts.PinnedDeployment is { } pin && !string.Equals(pin, deployment.Name, StringComparison.Ordinal))
        {
            return SelectionMiss.Pin;
        }

        if (facts.RequiredTags is { } tags && !HasAll(deployment, tags))
        {
            return SelectionMiss.Tags;
        }

        if (needsFit && !facts.Fits(deployment.Options.ContextWindow))
        {
            return SelectionMiss.ContextWindow;
        }

        if ((tried & (1UL << i)) != 0)
        {
            return SelectionMiss.AllTried;
        }

        return deployment.Health.IsOpen ? SelectionMiss.CircuitOpen : SelectionMiss.None;
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
