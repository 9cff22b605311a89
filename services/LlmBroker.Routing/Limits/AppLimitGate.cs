using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Routing.Providers;
using LlmBroker.Routing.Selection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Limits;

/// <summary>What an app's limits let through for one call, to settle when it returns.</summary>
internal sealed class AppPass
{
    public static AppPass Open { get; } = new();

    /// <summary>Why the call may not go out; null when it may.</summary>
    public (ResultStatus Status, string Code, string Message)? Refusal { get; init; }

    public AppLimits? Limits { get; init; }

    public SharedTokenBucket? Tokens { get; init; }

    public int EstimatedTokens { get; init; }

    public BudgetReservation? Reservation { get; init; }
}

/// <summary>
/// An app's requests and tokens per minute and its monthly budget (the limits the redactor stamps on
/// the request from the app's policy), checked before any deployment is chosen. Rate limits pace the
/// batch lane (a call waits its turn; the lane's in-flight bound then leaves the rest of the batch in
/// Kafka) and end an interactive call RATE_LIMITED after its deadline. The budget reserves the call's
/// largest possible cost before it goes out and settles to the actual cost, so concurrent calls
/// cannot together pass the hard limit by more than one call's cost; passing the soft limit raises
/// one alert on llm.alerts.
/// </summary>
internal sealed partial class AppLimitGate(
    RateLimitRegistry registry,
    IBudgetGuard budgets,
    IPriceCatalog prices,
    IMessagePublisher publisher,
    TopicNames topics,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<AppLimitGate> logger)
{
    /// <summary>
    /// Takes the call's share of the app's limits. <paramref name="cancellationToken"/> is the deadline
    /// (or shutdown): it ends a batch call's wait; <paramref name="stopping"/> is shutdown alone: an
    /// interactive call waits until just before its deadline and then is refused RATE_LIMITED.
    /// <paramref name="facts"/> are shared with the router, so the prompt is tokenized once.
    /// </summary>
    public async ValueTask<AppPass> EnterAsync(RedactedRequest message, AliasRoute route, RequestFacts facts, CancellationToken cancellationToken, CancellationToken stopping)
    {
        if (message.AppLimits is not { } limits)
        {
            return AppPass.Open;
        }

        var request = message.Request;
        var app = $"{request.Tenant}/{request.App}";
        var lane = request.Lane;
        var interactive = lane != Lane.Batch;
        var outer = interactive ? stopping : cancellationToken;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(outer);
        var waitLimit = options.Value.InteractiveRateLimitWait;
        if (lane != Lane.Batch)
        {
            if (request.Deadline is { } deadline)
            {
                var left = deadline.ToDateTimeOffset() - time.GetUtcNow() - TimeSpan.FromMilliseconds(50);
                waitLimit = left < waitLimit ? left : waitLimit;
            }

            wait.CancelAfter(waitLimit > TimeSpan.Zero ? waitLimit : TimeSpan.Zero);
        }

        var requests = registry.Get($"app:{app}:rpm", limits.Rpm);
        if (requests is not null && !await RateLimitAcquire.TryAcquireAsync(requests, lane, 1, wait.Token).ConfigureAwait(false))
        {
            outer.ThrowIfCancellationRequested();
            return Refuse(ResultStatus.RateLimited, "rate_limited", $"app {app} is at its limit of {limits.Rpm} requests per minute; waited {waitLimit.TotalSeconds:0.#} s");
        }

        var tokens = registry.Get($"app:{app}:tpm", limits.Tpm);
        var estimate = tokens is null ? 0 : DeploymentLimits.EstimateTokens(facts);
        if (tokens is not null && !await RateLimitAcquire.TryAcquireAsync(tokens, lane, estimate, wait.Token).ConfigureAwait(false))
        {
            requests?.Settle(1, 0);
            outer.ThrowIfCancellationRequested();
            return Refuse(ResultStatus.RateLimited, "rate_limited", $"app {app} is at its limit of {limits.Tpm} tokens per minute; waited {waitLimit.TotalSeconds:0.#} s");
        }

        BudgetReservation? reservation = null;
        if (limits.BudgetHardNanoUsd > 0 || limits.BudgetSoftNanoUsd > 0)
        {
            var now = time.GetUtcNow();
            var promptTokens = facts.RequiredTokens - facts.MaxOutputTokens;
            var largest = route.Deployments.Max(d => d.Cost(
                prices,
                lane,
                new Usage { InputTokens = promptTokens, OutputTokens = facts.MaxOutputTokens > 0 ? facts.MaxOutputTokens : d.Options.DefaultMaxOutputTokens },
                now).NanoUsd);
            reservation = await budgets.ReserveAsync(request.Tenant, request.App, Budget(limits), largest, now, cancellationToken).ConfigureAwait(false);
            if (reservation is null)
            {
                requests?.Settle(1, 0);
                tokens?.Settle(estimate, 0);
                return Refuse(ResultStatus.Rejected, "budget_exceeded",
                    $"app {app} has reached its monthly budget of ${StageClock.NanoUsdToUsd(limits.BudgetHardNanoUsd)}");
            }
        }

        return new AppPass { Limits = limits, Tokens = tokens, EstimatedTokens = estimate, Reservation = reservation };
    }

    /// <summary>Settles the token estimate and the budget reservation with what the call used and cost.</summary>
    public async ValueTask SettleAsync(AppPass pass, RedactedRequest message, ProviderResponse response)
    {
        pass.Tokens?.Settle(pass.EstimatedTokens, response.Usage is { } usage ? usage.InputTokens + usage.OutputTokens : 0);
        if (pass.Reservation is not { } reservation)
        {
            return;
        }

        var settlement = await budgets.SettleAsync(reservation, Budget(pass.Limits!), response.CostNanoUsd, CancellationToken.None).ConfigureAwait(false);
        if (settlement.CrossedSoftLimit)
        {
            var request = message.Request;
            LogSoftLimit(logger, request.Tenant, request.App, StageClock.NanoUsdToUsd(settlement.SpentNano), StageClock.NanoUsdToUsd(pass.Limits!.BudgetSoftNanoUsd));
            var alert = new BudgetAlert
            {
                Tenant = request.Tenant,
                App = request.App,
                Period = reservation.Period.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                SpentNanoUsd = settlement.SpentNano,
                SoftLimitNanoUsd = pass.Limits.BudgetSoftNanoUsd,
                HardLimitNanoUsd = pass.Limits.BudgetHardNanoUsd,
                RequestId = request.RequestId,
                At = time.Now(),
            };
            await publisher.PublishAsync(topics.Alerts, $"{request.Tenant}/{request.App}", alert, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static BudgetLimits Budget(AppLimits limits) => new(limits.BudgetSoftNanoUsd, limits.BudgetHardNanoUsd);

    private static AppPass Refuse(ResultStatus status, string code, string message) => new() { Refusal = (status, code, message) };

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "App {Tenant}/{App} passed its soft monthly budget: ${Spent} spent of ${Soft}")]
    private static partial void LogSoftLimit(ILogger logger, string tenant, string app, decimal spent, decimal soft);
}
