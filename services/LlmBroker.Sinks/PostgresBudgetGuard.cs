using LlmBroker.Routing.Limits;
using Npgsql;

namespace LlmBroker.Sinks;

/// <summary>
/// Budgets in <c>budget_usage</c>: one atomic conditional update per reservation and per settlement,
/// so routers sharing the database never reserve past a hard limit together.
/// </summary>
/// <param name="dataSource">A data source whose search_path is the storage schema.</param>
public sealed class PostgresBudgetGuard(NpgsqlDataSource dataSource) : IBudgetGuard
{
    private const string ReserveSql = """
        UPDATE budget_usage SET reserved_nano = reserved_nano + @estimate, updated_at = now()
        WHERE tenant = @tenant AND app = @app AND period = @period
          AND (@hard = 0 OR spent_nano + reserved_nano + @estimate <= @hard)
        RETURNING spent_nano
        """;

    // The month's row starts from what the ledger already holds for that month.
    private const string StartMonthSql = """
        INSERT INTO budget_usage (tenant, app, period, spent_nano)
        SELECT @tenant, @app, @period, coalesce(round(sum(cost_usd) * 1000000000), 0)::bigint
        FROM usage_ledger
        WHERE tenant = @tenant AND app = @app
          AND created_at >= @period::timestamp AT TIME ZONE 'UTC'
          AND created_at < (@period::timestamp + interval '1 month') AT TIME ZONE 'UTC'
          -- a one-time check: the ledger is not read again once the month's row exists
          AND NOT EXISTS (SELECT 1 FROM budget_usage WHERE tenant = @tenant AND app = @app AND period = @period)
        ON CONFLICT (tenant, app, period) DO NOTHING
        """;

    private const string SettleSql = """
        UPDATE budget_usage
        SET reserved_nano = greatest(0, reserved_nano - @estimate), spent_nano = spent_nano + @actual, updated_at = now()
        WHERE tenant = @tenant AND app = @app AND period = @period
        RETURNING spent_nano
        """;

    /// <inheritdoc/>
    public async ValueTask<BudgetReservation?> ReserveAsync(
        string tenant, string app, BudgetLimits limits, long estimateNano, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var period = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        for (var pass = 0; pass < 2; pass++)
        {
            await using (var reserve = Command(connection, ReserveSql, tenant, app, period))
            {
                reserve.Parameters.AddWithValue("estimate", estimateNano);
                reserve.Parameters.AddWithValue("hard", limits.HardNano);
                if (await reserve.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    return new BudgetReservation(tenant, app, period, estimateNano);
                }
            }

            if (pass == 0)
            {
                // No row yet, or no room: make sure the month's row exists (another router may be
                // creating it at the same moment) and try once more.
                await using var start = Command(connection, StartMonthSql, tenant, app, period);
                await start.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public async ValueTask<BudgetSettlement> SettleAsync(BudgetReservation reservation, BudgetLimits limits, long actualNano, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var settle = Command(connection, SettleSql, reservation.Tenant, reservation.App, reservation.Period);
        settle.Parameters.AddWithValue("estimate", reservation.EstimateNano);
        settle.Parameters.AddWithValue("actual", actualNano);
        var spent = await settle.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long after ? after : 0;
        var crossed = limits.SoftNano > 0 && actualNano > 0 && spent >= limits.SoftNano && spent - actualNano < limits.SoftNano;
        return new BudgetSettlement(spent, crossed);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, string tenant, string app, DateOnly period)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("app", app);
        command.Parameters.AddWithValue("period", period);
        return command;
    }
}
