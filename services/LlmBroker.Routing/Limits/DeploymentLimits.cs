using LlmBroker.Contracts.V1;
using LlmBroker.Routing.Providers;
using LlmBroker.Routing.Selection;

namespace LlmBroker.Routing.Limits;

/// <summary>What a call took from its deployment's limits: settled with the usage, or given back.</summary>
internal readonly record struct LimitPermit(SharedTokenBucket? Requests, SharedTokenBucket? Tokens, int EstimatedTokens)
{
    /// <summary>Corrects the token estimate with the call's usage (the request itself stays spent).</summary>
    public void Settle(Usage? usage) =>
        Tokens?.Settle(EstimatedTokens, usage is null ? 0 : usage.InputTokens + usage.OutputTokens);

    /// <summary>Gives everything back: the call was not made.</summary>
    public void Release()
    {
        Requests?.Settle(1, 0);
        Tokens?.Settle(EstimatedTokens, 0);
    }
}

/// <summary>
/// A provider deployment's requests and tokens per minute (its <c>rpm</c> and <c>tpm</c>), shared by
/// every router through the quota store. Token use is estimated before the call (prompt tokens by
/// the tokenizer plus the requested answer size) and corrected by the usage the provider reports.
/// </summary>
internal sealed class DeploymentLimits(RateLimitRegistry registry)
{
    /// <summary>Answer tokens assumed when a request sets no max_tokens (corrected after the call).</summary>
    public const int AssumedAnswerTokens = 256;

    public static bool IsLimited(ProviderDeployment deployment) => deployment.Options.Rpm > 0 || deployment.Options.Tpm > 0;

    /// <summary>Tokens a call is estimated to use.</summary>
    public static int EstimateTokens(RequestFacts facts) =>
        facts.RequiredTokens - facts.MaxOutputTokens + (facts.MaxOutputTokens > 0 ? facts.MaxOutputTokens : AssumedAnswerTokens);

    /// <summary>Takes a request and its estimated tokens, waiting at most until <paramref name="cancellationToken"/>; null when not granted.</summary>
    public async ValueTask<LimitPermit?> AcquireAsync(ProviderDeployment deployment, RequestFacts facts, Lane lane, CancellationToken cancellationToken)
    {
        var requests = registry.Get($"deployment:{deployment.Name}:rpm", deployment.Options.Rpm);
        var tokens = registry.Get($"deployment:{deployment.Name}:tpm", deployment.Options.Tpm);
        if (requests is not null && !await RateLimitAcquire.TryAcquireAsync(requests, lane, 1, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var estimate = tokens is null ? 0 : EstimateTokens(facts);
        if (tokens is not null && !await RateLimitAcquire.TryAcquireAsync(tokens, lane, estimate, cancellationToken).ConfigureAwait(false))
        {
            requests?.Settle(1, 0);
            return null;
        }

        return new LimitPermit(requests, tokens, estimate);
    }

    /// <summary>
    /// Waits for whichever of <paramref name="candidates"/> frees first; the others' waits are
    /// cancelled (and anything they were granted meanwhile is given back). Null when cancelled.
    /// </summary>
    public async Task<(AliasRoute Route, int Index, LimitPermit Permit)?> AcquireAnyAsync(
        IReadOnlyList<(AliasRoute Route, int Index)> candidates, RequestFacts facts, Lane lane, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = candidates.Select(c => AcquireAsync(c.Route.Deployments[c.Index], facts, lane, race.Token).AsTask()).ToList();
        var pending = waits.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (await done.ConfigureAwait(false) is { } permit)
            {
                await race.CancelAsync().ConfigureAwait(false);
                foreach (var other in pending)
                {
                    (await other.ConfigureAwait(false))?.Release();
                }

                var index = waits.IndexOf(done);
                return (candidates[index].Route, candidates[index].Index, permit);
            }
        }

        return null;
    }
}
