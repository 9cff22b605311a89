using LlmBroker.Storage;

namespace LlmBroker.Cli.Costs;

/// <summary>Costs over a period grouped by one dimension, as <c>llmbroker costs --by</c> shows them.</summary>
/// <param name="From">Start of the period.</param>
/// <param name="To">End of the period.</param>
/// <param name="Tenant">The one tenant shown, or null for every tenant.</param>
/// <param name="By">The dimension's name: app, model, tag or day.</param>
/// <param name="Rows">The groups in display order.</param>
internal sealed record CostBreakdownReport(DateTimeOffset From, DateTimeOffset To, string? Tenant, string By, IReadOnlyList<GroupCost> Rows)
{
    /// <summary>The sums of every row (key left empty). For tags, a request counts once per tag.</summary>
    public GroupCost Total => new(
        "",
        Rows.Sum(r => r.Requests),
        Rows.Sum(r => r.FailedRequests),
        Rows.Sum(r => r.CacheHits),
        Rows.Sum(r => r.InputTokens),
        Rows.Sum(r => r.OutputTokens),
        Rows.Sum(r => r.CostUsd));
}
