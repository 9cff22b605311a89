using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Routing.Limits;
using LlmBroker.Routing.Providers;
using LlmBroker.Routing.Selection;

using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Internal;

/// <summary>How routing one request ended.</summary>
internal sealed record RouteResult(
    ProviderCallResult? Answer,
    ProviderDeployment? Deployment,
    List<Attempt> Attempts,
    ResultStatus FailureStatus,
    ErrorInfo? Error)
{
    public bool Succeeded => Answer is { Succeeded: true };
}

/// <summary>
/// Picks deployments and calls them until one answers: the alias's deployments in the order its rules
/// and strategy give, then its fallback aliases (context-window fallbacks when the prompt does not fit,
/// content-policy fallbacks when a provider refused it). Optionally hedges an interactive call.
/// </summary>
internal sealed class RequestRouter(ProviderInvoker invoker, DeploymentLimits limits, IOptions<RoutingOptions> options, TimeProvider time)
{
    public const string CancelledHedge = "cancelled_hedge";

    /// <summary>How long a call waits for a limited deployment before trying the next one.</summary>
    private static readonly TimeSpan s_probe = TimeSpan.FromMilliseconds(50);

    /// <summary>The shortest wait for an open circuit (a break that just ended, or a circuit isolated by hand).</summary>
    private static readonly TimeSpan s_circuitWait = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Routes <paramref name="request"/>. <paramref name="cancellationToken"/> ends the calls (the
    /// deadline, or shutdown); <paramref name="stopping"/>, when given, is shutdown alone, so an
    /// interactive call that waited for rate-limit capacity until its deadline ends RATE_LIMITED rather
    /// than cancelled. <paramref name="facts"/> are the request's facts when the caller has them (null: computed here).
    /// </summary>
    public async Task<RouteResult> RouteAsync(
        RouteTable table, AliasRoute first, PromptRequest request, IStreamSink? stream, RequestFacts? facts, CancellationToken cancellationToken, CancellationToken stopping = default)
    {
        // The caller may pass the facts it computed already (the tokenizer count is kept in them).
        facts ??= new RequestFacts(request);
        var attempts = new List<Attempt>();
        var pass = new PassState();
        while (true)
        {
            var before = attempts.Count;
            pass.Reopens = null;
            var result = await RouteOnceAsync(table, first, request, stream, facts, attempts, pass, cancellationToken, stopping).ConfigureAwait(false);
            if (result.Succeeded || result.Error?.Code != ProviderErrors.CircuitOpen || pass.Reopens is not { } reopens
                || attempts.Skip(before).Any(a => a.ErrorClass != ProviderErrors.CircuitOpen))
            {
                return result;
            }

            // Every deployment that could serve the request has an open circuit and none was called:
            // wait for the first break to end (the next call is then its probe), as for a rate limit. A
            // batch call waits as long as it takes (the lane's in-flight bound then pauses its
            // partitions); an interactive one only for a break that ends before its own limit.
            var now = time.GetUtcNow();
            var interactive = request.Lane != Lane.Batch && stopping.CanBeCanceled;
            if (request.Lane != Lane.Batch)
            {
                pass.GiveUpAt ??= InteractiveGiveUp(request, now);
                if (reopens > pass.GiveUpAt)
                {
                    return result with
                    {
                        Error = Error(ProviderErrors.CircuitOpen, $"{first.Alias}: every deployment's circuit is open until {reopens.UtcDateTime:HH:mm:ss}Z, after the request's wait ends", retryable: true),
                    };
                }
            }

            var delay = reopens - now;
            await Task.Delay(delay > s_circuitWait ? delay : s_circuitWait, time, interactive ? stopping : cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The latest an interactive request waits for capacity (a rate limit, an open circuit): just before
    /// its deadline, so the caller hears why, or <see cref="RoutingOptions.InteractiveRateLimitWait"/>.
    /// </summary>
    private DateTimeOffset InteractiveGiveUp(PromptRequest request, DateTimeOffset now)
    {
        var limit = now + options.Value.InteractiveRateLimitWait;
        if (request.Deadline is { } deadline)
        {
            var due = deadline.ToDateTimeOffset() - TimeSpan.FromMilliseconds(50);
            limit = due < limit ? due : limit;
        }

        return limit;
    }

    private async Task<RouteResult> RouteOnceAsync(
        RouteTable table, AliasRoute first, PromptRequest request, IStreamSink? stream, RequestFacts facts, List<Attempt> attempts, PassState pass,
        CancellationToken cancellationToken, CancellationToken stopping)
    {
        var chain = new List<AliasRoute>(2) { first };
        var pinned = facts.PinnedDeployment is not null;
        ErrorInfo? lastError = null;
        ProviderDeployment? last = null;
        List<(AliasRoute Route, int Index)>? saturated = null;
        for (var a = 0; a < chain.Count; a++)
        {
            var route = chain[a];
            var hedging = route.HedgingDelay is { } delay && stream is null && request.Lane != Lane.Batch && !pinned && !route.Deployments.Any(DeploymentLimits.IsLimited)
                ? delay
                : (TimeSpan?)null;
            var tried = 0UL;
            while (true)
            {
                var index = DeploymentSelector.Select(route, facts, tried, out var miss);
                if (index < 0)
                {
                    if ((miss & (SelectionMiss.AllTried | SelectionMiss.CircuitOpen)) != 0)
                    {
                        if ((miss & SelectionMiss.CircuitOpen) != 0)
                        {
                            pass.NoteOpenCircuits(route);
                        }

                        if (tried == 0)
                        {
                            lastError = Error(ProviderErrors.CircuitOpen, $"{route.Alias}: every deployment's circuit is open", retryable: true);
                        }

                        if (!pinned)
                        {
                            Enqueue(chain, table, route.Fallbacks);
                        }
                    }
                    else if ((miss & SelectionMiss.ContextWindow) != 0)
                    {
                        lastError = Error(ProviderErrors.ContextLength, $"{route.Alias}: about {facts.RequiredTokens} tokens do not fit any deployment's context window", retryable: false);
                        Enqueue(chain, table, route.ContextWindowFallbacks);
                    }
                    else if (a == 0)
                    {
                        var reason = (miss & SelectionMiss.Pin) != 0
                            ? $"deployment '{facts.PinnedDeployment}' does not serve model '{route.Alias}'"
                            : $"no deployment of model '{route.Alias}' has the tags '{string.Join(",", facts.RequiredTags ?? [])}'";
                        return new RouteResult(null, null, attempts, ResultStatus.Rejected, Error("no_matching_deployment", reason, retryable: false));
                    }

                    break;
                }

                tried |= 1UL << index;
                var deployment = route.Deployments[index];
                var permit = default(LimitPermit);
                if (DeploymentLimits.IsLimited(deployment))
                {
                    // At its limit: try the next deployment (or fallback alias) rather than queue here.
                    using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    probe.CancelAfter(s_probe);
                    if (await limits.AcquireAsync(deployment, facts, request.Lane, probe.Token).ConfigureAwait(false) is not { } granted)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        (saturated ??= []).Add((route, index));
                        continue;
                    }

                    permit = granted;
                }

                var attemptsBefore = attempts.Count;
                ProviderCallResult result;
                if (hedging is { } hedgeAfter)
                {
                    (result, deployment, tried) = await HedgedCallAsync(route, facts, deployment, tried, request, hedgeAfter, attempts, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // With another deployment in rotation to move to, a failed call moves at once (as LiteLLM's
                    // router does); the same deployment is retried after a backoff only when it is the last.
                    var retryInPlace = !DeploymentSelector.HasPeer(route, facts, tried);
                    result = await invoker.CallAsync(deployment, request, stream, cancellationToken, retryInPlace).ConfigureAwait(false);
                    attempts.AddRange(result.Attempts);
                    permit.Settle(result.Usage);
                }

                last = deployment;
                for (var k = attemptsBefore; k < attempts.Count; k++)
                {
                    attempts[k].Alias = route.Alias;
                }

                if (result.Succeeded)
                {
                    return new RouteResult(result, deployment, attempts, ResultStatus.Ok, null);
                }

                lastError = result.Error!;
                var errorClass = lastError.Code;
                if (pinned)
                {
                    return new RouteResult(result, deployment, attempts, ResultStatus.Failed, lastError);
                }

                if (errorClass == ProviderErrors.ContextLength)
                {
                    Enqueue(chain, table, route.ContextWindowFallbacks);
                    break;
                }

                if (errorClass == ProviderErrors.ContentPolicy)
                {
                    Enqueue(chain, table, route.ContentPolicyFallbacks);
                    break;
                }

                if (!ProviderErrors.TriggersFailover(errorClass))
                {
                    return new RouteResult(result, deployment, attempts, ResultStatus.Failed, lastError);
                }
            }
        }

        if (saturated is not null)
        {
            return await WaitForCapacityAsync(saturated, facts, request, stream, attempts, cancellationToken, stopping).ConfigureAwait(false);
        }

        return new RouteResult(null, last, attempts, ResultStatus.Failed,
            lastError ?? Error(ProviderErrors.CircuitOpen, $"{first.Alias}: no deployment available", retryable: true));
    }

    /// <summary>
    /// Every deployment that could serve the request is at its rate limit: wait for the first to free.
    /// A batch call waits as long as it takes (its lane's in-flight bound then pauses the partitions, so
    /// the rest of the batch waits in Kafka); an interactive call waits until its deadline (or
    /// <see cref="RoutingOptions.InteractiveRateLimitWait"/>), then ends RATE_LIMITED.
    /// </summary>
    private async Task<RouteResult> WaitForCapacityAsync(
        List<(AliasRoute Route, int Index)> saturated, RequestFacts facts, PromptRequest request, IStreamSink? stream, List<Attempt> attempts,
        CancellationToken cancellationToken, CancellationToken stopping)
    {
        // An interactive wait ends at its own limit (just before the deadline): only shutdown cancels it.
        var interactive = request.Lane != Lane.Batch && stopping.CanBeCanceled;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(interactive ? stopping : cancellationToken);
        var limit = options.Value.InteractiveRateLimitWait;
        if (request.Lane != Lane.Batch)
        {
            var now = time.GetUtcNow();
            limit = InteractiveGiveUp(request, now) - now;
            wait.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.Zero);
        }

        var granted = await limits.AcquireAnyAsync(saturated, facts, request.Lane, wait.Token).ConfigureAwait(false);
        (interactive ? stopping : cancellationToken).ThrowIfCancellationRequested();
        if (granted is not { } chosen)
        {
            var names = string.Join(", ", saturated.Select(s => s.Route.Deployments[s.Index].Name).Distinct());
            return new RouteResult(null, null, attempts, ResultStatus.RateLimited,
                Error("rate_limited", $"every deployment that can serve '{request.Model}' is at its rate limit ({names}); waited {limit.TotalSeconds:0.#} s", retryable: true));
        }

        var deployment = chosen.Route.Deployments[chosen.Index];
        var attemptsBefore = attempts.Count;
        var result = await invoker.CallAsync(deployment, request, stream, cancellationToken).ConfigureAwait(false);
        chosen.Permit.Settle(result.Usage);
        attempts.AddRange(result.Attempts);
        for (var k = attemptsBefore; k < attempts.Count; k++)
        {
            attempts[k].Alias = chosen.Route.Alias;
        }

        return result.Succeeded
            ? new RouteResult(result, deployment, attempts, ResultStatus.Ok, null)
            : new RouteResult(result, deployment, attempts, ResultStatus.Failed, result.Error);
    }

    /// <summary>
    /// Calls <paramref name="primary"/>; when it has not answered after <paramref name="delay"/>, calls a
    /// second deployment too. The first success wins and the other call is cancelled.
    /// </summary>
    private async Task<(ProviderCallResult Result, ProviderDeployment Deployment, ulong Tried)> HedgedCallAsync(
        AliasRoute route, RequestFacts facts, ProviderDeployment primary, ulong tried, PromptRequest request, TimeSpan delay,
        List<Attempt> attempts, CancellationToken cancellationToken)
    {
        using var primaryCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var primaryStarted = time.GetTimestamp();
        var primaryStartedAt = time.Now();
        var primaryCall = invoker.CallAsync(primary, request, null, primaryCancel.Token);
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var delayTask = Task.Delay(delay, time, timer.Token);
            if (await Task.WhenAny(primaryCall, delayTask).ConfigureAwait(false) == primaryCall)
            {
                await timer.CancelAsync().ConfigureAwait(false);
                var only = await primaryCall.ConfigureAwait(false);
                attempts.AddRange(only.Attempts);
                return (only, primary, tried);
            }
        }

        var index = DeploymentSelector.Select(route, facts, tried, out _);
        if (index < 0)
        {
            var only = await primaryCall.ConfigureAwait(false);
            attempts.AddRange(only.Attempts);
            return (only, primary, tried);
        }

        tried |= 1UL << index;
        var secondary = route.Deployments[index];
        using var secondaryCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var secondaryStarted = time.GetTimestamp();
        var secondaryStartedAt = time.Now();
        var secondaryCall = invoker.CallAsync(secondary, request, null, secondaryCancel.Token);

        var firstDone = await Task.WhenAny(primaryCall, secondaryCall).ConfigureAwait(false);
        var firstIsPrimary = firstDone == primaryCall;
        var firstResult = await firstDone.ConfigureAwait(false);
        attempts.AddRange(firstResult.Attempts);
        var (otherCall, otherCancel, otherDeployment, otherStarted, otherStartedAt) = firstIsPrimary
            ? (secondaryCall, secondaryCancel, secondary, secondaryStarted, secondaryStartedAt)
            : (primaryCall, primaryCancel, primary, primaryStarted, primaryStartedAt);
        var firstDeployment = firstIsPrimary ? primary : secondary;
        if (firstResult.Succeeded)
        {
            await otherCancel.CancelAsync().ConfigureAwait(false);
            try
            {
                var late = await otherCall.ConfigureAwait(false);
                attempts.AddRange(late.Attempts);
            }
            catch (Exception) when (otherCancel.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                attempts.Add(new Attempt
                {
                    Deployment = otherDeployment.Name,
                    Provider = otherDeployment.Provider,
                    ErrorClass = CancelledHedge,
                    LatencyMs = (long)time.GetElapsedTime(otherStarted).TotalMilliseconds,
                    StartedAt = otherStartedAt,
                });
            }

            return (firstResult, firstDeployment, tried);
        }

        var otherResult = await otherCall.ConfigureAwait(false);
        attempts.AddRange(otherResult.Attempts);
        return (otherResult, otherDeployment, tried);
    }

    private static void Enqueue(List<AliasRoute> chain, RouteTable table, string[] aliases)
    {
        foreach (var alias in aliases)
        {
            if (table.Find(alias) is { } route && !chain.Contains(route))
            {
                chain.Add(route);
            }
        }
    }

    /// <summary>What one routing pass saw of open circuits, and an interactive request's wait limit.</summary>
    private sealed class PassState
    {
        /// <summary>The earliest end of a break among the open deployments the pass skipped.</summary>
        public DateTimeOffset? Reopens { get; set; }

        public DateTimeOffset? GiveUpAt { get; set; }

        public void NoteOpenCircuits(AliasRoute route)
        {
            foreach (var deployment in route.Deployments)
            {
                if (deployment.Health.IsOpen && (Reopens is null || deployment.Health.OpenUntil < Reopens))
                {
                    Reopens = deployment.Health.OpenUntil;
                }
            }
        }
    }

    private static ErrorInfo Error(string code, string message, bool retryable) => new() { Code = code, Message = message, Retryable = retryable };
}
