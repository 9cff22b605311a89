using LlmBroker.Contracts;

namespace LlmBroker.Validation.Internal;

/// <summary>Decides whether a rejected answer is worth one more repair.</summary>
internal static class RepairPolicy
{
    /// <summary>
    /// True while repairs are left (<paramref name="attempt"/> is the repair that produced the rejected
    /// answer, 0 for the original) and the repairs so far plus the next one, estimated to cost as much
    /// as the rejected answer, stay within the cost cap.
    /// </summary>
    public static bool ShouldRepair(ValidationOptions options, int attempt, long repairCostNanoUsd, long lastCostNanoUsd) =>
        attempt < options.MaxRepairAttempts
        && StageClock.NanoUsdToUsd(repairCostNanoUsd + lastCostNanoUsd) <= options.MaxRepairCostUsd;
}
