using Npgsql;

namespace LlmBroker.Storage;

/// <summary>Cost of one app's use of one model over a time range.</summary>
/// <param name="Tenant">Tenant of the app.</param>
/// <param name="App">The calling app.</param>
/// <param name="Model">The model alias requested.</param>
/// <param name="Requests">Finished requests, failed ones included.</param>
/// <param name="FailedRequests">Requests whose status is not ok.</param>
/// <param name="InputTokens">Input tokens billed.</param>
/// <param name="OutputTokens">Output tokens billed.</param>
/// <param name="CostUsd">Cost in US dollars (nine decimals, exact).</param>
public sealed record AppModelCost(
    string Tenant,
    string App,
    string Model,
    long Requests,
    long FailedRequests,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd);

/// <summary>Cost of one app on one UTC day.</summary>
/// <param name="Day">The UTC day.</param>
/// <param name="Tenant">Tenant of the app.</param>
/// <param name="App">The calling app.</param>
/// <param name="Requests">Finished requests.</param>
/// <param name="CostUsd">Cost in US dollars.</param>
public sealed record DailyAppCost(DateOnly Day, string Tenant, string App, long Requests, decimal CostUsd);

/// <summary>
/// The analyst queries behind <c>llmbroker costs</c>, read from the <c>cost_hourly</c> rollup.
/// Ranges are in whole UTC hours: an hour counts when it starts in [from rounded down to the hour, to).
/// </summary>
/// <param name="dataSource">A data source whose search_path is the storage schema.</param>
public sealed class CostQueries(NpgsqlDataSource dataSource)
{
    private const string ByAppAndModelSql = """
        SELECT tenant, app, model,
               sum(requests)::bigint, sum(failed_requests)::bigint,
               sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cost_usd)
        FROM cost_hourly
        WHERE hour >= date_trunc('hour', @from, 'UTC') AND hour < @to
          AND (@tenant::text IS NULL OR tenant = @tenant::text)
        GROUP BY tenant, app, model
        ORDER BY sum(cost_usd) DESC, tenant, app, model
        """;

    private const string DailyByAppSql = """
        SELECT (date_trunc('day', hour, 'UTC') AT TIME ZONE 'UTC')::date AS day, tenant, app,
               sum(requests)::bigint, sum(cost_usd)
        FROM cost_hourly
        WHERE hour >= date_trunc('hour', @from, 'UTC') AND hour < @to
          AND (@tenant::text IS NULL OR tenant = @tenant::text)
        GROUP BY 1, tenant, app
        ORDER BY 1, tenant, app
        """;

    private readonly NpgsqlDataSource _dataSource = dataSource;

    /// <summary>
    /// Requests, tokens and cost per app and model between <paramref name="from"/> and
    /// <paramref name="to"/>, most expensive first; one tenant's when <paramref name="tenant"/> is set.
    /// </summary>
    public async Task<IReadOnlyList<AppModelCost>> CostByAppAndModelAsync(
        DateTimeOffset from, DateTimeOffset to, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(ByAppAndModelSql, from, to, tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AppModelCost>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AppModelCost(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6),
                reader.GetDecimal(7)));
        }

        return rows;
    }

    /// <summary>Requests and cost per UTC day and app between <paramref name="from"/> and <paramref name="to"/>, oldest first (for charts).</summary>
    public async Task<IReadOnlyList<DailyAppCost>> DailyCostByAppAsync(
        DateTimeOffset from, DateTimeOffset to, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(DailyByAppSql, from, to, tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DailyAppCost>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DailyAppCost(
                reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2),
                reader.GetInt64(3), reader.GetDecimal(4)));
        }

        return rows;
    }

    private NpgsqlCommand CreateCommand(string sql, DateTimeOffset from, DateTimeOffset to, string? tenant)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        return command;
    }
}
