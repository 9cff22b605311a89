namespace LlmBroker.Routing.Limits;

/// <summary>Budgets not enforced: a router without PostgreSQL has no ledger to count spend against.</summary>
internal sealed class NoBudgetGuard : IBudgetGuard
{
    public ValueTask<BudgetReservation?> ReserveAsync(string tenant, string app, BudgetLimits limits, long estimateNano, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult<BudgetReservation?>(new BudgetReservation(tenant, app, DateOnly.FromDateTime(now.UtcDateTime), estimateNano));

    public ValueTask<BudgetSettlement> SettleAsync(BudgetReservation reservation, BudgetLimits limits, long actualNano, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new BudgetSettlement(0, false));
}
