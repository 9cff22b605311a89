using System.Globalization;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Submission;

/// <summary>The counts printed after a batch: <c>submitted=N ok=N failed=N invalid_lines=N cost_usd=X</c>.</summary>
internal sealed record BatchSummary(int Submitted, int Ok, int Failed, int InvalidLines, long CostNanoUsd)
{
    public static BatchSummary From(IReadOnlyList<Result?> results, int invalidLines)
    {
        var ok = results.Count(r => r?.Status == ResultStatus.Ok);
        var cost = results.Sum(r => r?.CostNanoUsd ?? 0);
        return new BatchSummary(results.Count, ok, results.Count - ok, invalidLines, cost);
    }

    /// <summary>True when every line was valid and every request succeeded.</summary>
    public bool Succeeded => InvalidLines == 0 && Failed == 0;

    public decimal CostUsd => CostNanoUsd / 1_000_000_000m;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"submitted={Submitted} ok={Ok} failed={Failed} invalid_lines={InvalidLines} cost_usd={CostUsd:0.#########}");
}
