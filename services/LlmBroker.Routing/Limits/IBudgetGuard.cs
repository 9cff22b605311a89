namespace LlmBroker.Routing.Limits;

/// <summary>An app's monthly budget, in billionths of a US dollar.</summary>
/// <param name="SoftNano">Spend past which an alert is raised once; 0 for none.</param>
/// <param name="HardNano">Spend past which calls are refused; 0 for none.</param>
public sealed record BudgetLimits(long SoftNano, long HardNano);

/// <summary>A call's reserved cost, to settle when it returns.</summary>
/// <param name="Tenant">The app's tenant.</param>
/// <param name="App">The app.</param>
/// <param name="Period">First day of the month the reservation counts in.</param>
/// <param name="EstimateNano">The reserved (estimated) cost.</param>
public sealed record BudgetReservation(string Tenant, string App, DateOnly Period, long EstimateNano);

/// <summary>What settling did to the month's spend.</summary>
/// <param name="SpentNano">Settled spend this month after the call.</param>
/// <param name="CrossedSoftLimit">True for the one call whose settlement took the spend past the soft limit.</param>
public readonly record struct BudgetSettlement(long SpentNano, bool CrossedSoftLimit);

/// <summary>
/// Keeps apps within their monthly budgets under concurrency: reserve the estimated cost before a
/// provider call, settle to the actual cost after it. Shared by every router process.
/// </summary>
public interface IBudgetGuard
{
    /// <summary>
    /// Reserves <paramref name="estimateNano"/> for a call of <paramref name="app"/>, or returns null
    /// when the month's spend plus reservations plus this estimate would pass the hard limit.
    /// </summary>
    ValueTask<BudgetReservation?> ReserveAsync(string tenant, string app, BudgetLimits limits, long estimateNano, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Replaces the reservation by the call's actual cost (0 for a call that cost nothing).</summary>
    ValueTask<BudgetSettlement> SettleAsync(BudgetReservation reservation, BudgetLimits limits, long actualNano, CancellationToken cancellationToken);
}
