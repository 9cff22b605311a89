using LlmBroker.Storage;

namespace LlmBroker.Cli.Costs;

/// <summary>Cost per app and model over a period, as <c>llmbroker costs</c> and the demo show it.</summary>
/// <param name="From">Start of the period (rounded down to the hour by the query).</param>
/// <param name="To">End of the period.</param>
/// <param name="Tenant">The one tenant shown, or null for every tenant.</param>
/// <param name="Rows">One row per tenant, app and model, most expensive first.</param>
internal sealed record CostReport(DateTimeOffset From, DateTimeOffset To, string? Tenant, IReadOnlyList<AppModelCost> Rows)
{
    /// <summary>The sums of every row (tenant, app and model left empty).</summary>
    public AppModelCost Total => new(
        "",
        "",
        "",
        Rows.Sum(r => r.Requests),
        Rows.Sum(r => r.FailedRequests),
        Rows.Sum(r => r.InputTokens),
        Rows.Sum(r => r.OutputTokens),
        Rows.Sum(r => r.CostUsd));
}
