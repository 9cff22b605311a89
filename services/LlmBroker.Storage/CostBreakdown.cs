using Npgsql;

namespace LlmBroker.Storage;

/// <summary>What <see cref="CostBreakdownQuery"/> groups costs by.</summary>
public enum CostDimension
{
    /// <summary>Per tenant and app; key <c>tenant/app</c>.</summary>
    App,

    /// <summary>Per model alias; key the alias.</summary>
    Model,

    /// <summary>Per tag key and value; key <c>tag=value</c> (a request with two tags counts under both).</summary>
    Tag,

    /// <summary>Per UTC day; key <c>yyyy-MM-dd</c>, oldest first.</summary>
    Day,
}

/// <summary>Requests, tokens and cost of one group.</summary>
/// <param name="Key">The group (see <see cref="CostDimension"/>).</param>
/// <param name="Requests">Finished requests, failed ones included.</param>
/// <param name="FailedRequests">Requests whose status is not ok.</param>
/// <param name="CacheHits">Requests answered from the response cache.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="CostUsd">Cost in US dollars (nine decimals, exact).</param>
public sealed record GroupCost(string Key, long Requests, long FailedRequests, long CacheHits, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>
/// Costs grouped by one dimension from the hourly rollups (<c>cost_hourly</c>, and
/// <c>cost_hourly_tag</c> for tags), over whole UTC hours in [from rounded down to the hour, to).
/// </summary>
public static class CostBreakdownQuery
{
    private const string Amounts = """
        sum(requests)::bigint, sum(failed_requests)::bigint, sum(cache_hits)::bigint,
        sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cost_usd)
        """;

    private const string Period = """
        hour >= date_trunc('hour', @from, 'UTC') AND hour < @to AND (@tenant::text IS NULL OR tenant = @tenant::text)
        """;

    /// <summary>The groups, most expensive first (by day: oldest first).</summary>
    public static async Task<IReadOnlyList<GroupCost>> QueryAsync(
        NpgsqlDataSource dataSource, CostDimension by, DateTimeOffset from, DateTimeOffset to, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var sql = by switch
        {
            CostDimension.App => $"SELECT tenant || '/' || app, {Amounts} FROM cost_hourly WHERE {Period} GROUP BY tenant, app ORDER BY sum(cost_usd) DESC, 1",
            CostDimension.Model => $"SELECT model, {Amounts} FROM cost_hourly WHERE {Period} GROUP BY model ORDER BY sum(cost_usd) DESC, 1",
            CostDimension.Tag => $"SELECT tag || '=' || tag_value, {Amounts} FROM cost_hourly_tag WHERE {Period} GROUP BY tag, tag_value ORDER BY sum(cost_usd) DESC, 1",
            CostDimension.Day => $"SELECT to_char(date_trunc('day', hour, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD'), {Amounts} FROM cost_hourly WHERE {Period} GROUP BY 1 ORDER BY 1",
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "unknown dimension"),
        };
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<GroupCost>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new GroupCost(
                reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetDecimal(6)));
        }

        return rows;
    }
}
