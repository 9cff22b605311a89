using LlmBroker.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage.Pricing;

/// <summary>What a reprice changed.</summary>
/// <param name="FromHour">First hour recomputed (the start rounded down to the hour, UTC).</param>
/// <param name="Rows">Ledger rows read.</param>
/// <param name="Repriced">Rows whose cost or price version changed.</param>
/// <param name="WithoutPrice">Rows left as they were because no price applies (self-hosted models priced in the routing configuration).</param>
/// <param name="CostBeforeUsd">Ledger cost of the period before.</param>
/// <param name="CostAfterUsd">Ledger cost of the period after.</param>
public sealed record RepriceSummary(DateTimeOffset FromHour, long Rows, long Repriced, long WithoutPrice, decimal CostBeforeUsd, decimal CostAfterUsd);

/// <summary>
/// Recomputes the usage ledger's costs from the prices table with <see cref="CostCalculator"/> (the
/// router's formula) and rebuilds <c>cost_hourly</c> and <c>cost_hourly_tag</c> for the affected
/// hours, all in one transaction: analysts see either the old figures or the new ones. Cache hits
/// and requests without tokens cost nothing (their price version is kept); rows with no applicable
/// price keep their cost. Prices are looked up at the row's completion time (the router prices at the
/// provider's answer, moments earlier). Rows are read in pages, so memory does not grow with the
/// period. The ledger and rollup rows of the period are locked for the duration, so the cost-rollup
/// sink waits rather than adding to half-rebuilt hours.
/// </summary>
public static class LedgerRepricer
{
    // Keep equal to the LIMIT of PageSql.
    private const int PageSize = 20_000;

    private const string HourExpression = "date_trunc('hour', coalesce(completed_at, submitted_at, created_at), 'UTC')";

    private const string PrepareSql = """
        LOCK TABLE cost_hourly, cost_hourly_tag IN SHARE ROW EXCLUSIVE MODE;
        CREATE TEMP TABLE IF NOT EXISTS reprice_in (request_id text, cost_usd numeric(20,9), price_version text) ON COMMIT DROP;
        """;

    private const string PageSql = $"""
        SELECT request_id, provider, model, provider_model, lane, cache_hit,
               input_tokens, cached_input_tokens, output_tokens, cost_usd, price_version, cache_write_tokens,
               coalesce(completed_at, submitted_at, created_at)
        FROM usage_ledger
        WHERE {HourExpression} >= @from AND request_id > @after
        ORDER BY request_id
        LIMIT 20000
        FOR UPDATE
        """;

    private const string ApplySql = """
        UPDATE usage_ledger AS l SET cost_usd = r.cost_usd, price_version = r.price_version
        FROM reprice_in AS r
        WHERE l.request_id = r.request_id;
        TRUNCATE reprice_in;
        """;

    private const string RebuildSql = $"""
        DELETE FROM cost_hourly WHERE hour >= @from;
        DELETE FROM cost_hourly_tag WHERE hour >= @from;
        INSERT INTO cost_hourly (
            hour, tenant, app, model, provider, requests, failed_requests, cache_hits,
            input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, updated_at)
        SELECT {HourExpression}, tenant, app, model, provider,
               count(*), count(*) FILTER (WHERE status <> 'ok'), count(*) FILTER (WHERE cache_hit),
               sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(reasoning_tokens), sum(cost_usd), now()
        FROM usage_ledger
        WHERE {HourExpression} >= @from
        GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO cost_hourly_tag (
            hour, tenant, app, tag, tag_value, requests, failed_requests, cache_hits,
            input_tokens, output_tokens, cached_input_tokens, cost_usd, updated_at)
        SELECT {HourExpression}, l.tenant, l.app, t.key, t.value,
               count(*), count(*) FILTER (WHERE l.status <> 'ok'), count(*) FILTER (WHERE l.cache_hit),
               sum(l.input_tokens), sum(l.output_tokens), sum(l.cached_input_tokens), sum(l.cost_usd), now()
        FROM usage_ledger AS l
        CROSS JOIN LATERAL jsonb_each_text(l.tags) AS t(key, value)
        WHERE {HourExpression} >= @from
        GROUP BY 1, 2, 3, 4, 5;
        """;

    /// <summary>Reprices every ledger row of the hours from <paramref name="since"/> (rounded down to the hour) on.</summary>
    public static async Task<RepriceSummary> RepriceAsync(NpgsqlDataSource dataSource, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var fromHour = new DateTimeOffset(since.UtcDateTime.Ticks - (since.UtcDateTime.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var prepare = new NpgsqlCommand(PrepareSql, connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var prices = await PriceBook.LoadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        long rows = 0, repriced = 0, withoutPrice = 0;
        decimal before = 0, after = 0;
        var afterId = "";
        while (true)
        {
            var page = await ReadPageAsync(connection, transaction, fromHour, afterId, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var changes = new List<(string RequestId, decimal CostUsd, string? Version)>();
            foreach (var row in page)
            {
                rows++;
                before += row.CostUsd;
                if (row.CacheHit || (row.InputTokens == 0 && row.OutputTokens == 0))
                {
                    // Answered from the response cache, or no tokens used (a request that never
                    // reached a provider): nothing was paid, and the router recorded no price.
                    if (row.CostUsd != 0)
                    {
                        changes.Add((row.RequestId, 0, row.PriceVersion));
                    }

                    continue;
                }

                var price = prices.Find(row.Provider, row.ProviderModel ?? row.Model, row.At) ?? prices.Find(row.Provider, row.Model, row.At);
                if (price is null)
                {
                    withoutPrice++;
                    after += row.CostUsd;
                    continue;
                }

                var quote = CostCalculator.Compute(price, new TokenUsage(row.InputTokens, row.CachedInputTokens, row.OutputTokens, row.CacheWriteTokens), row.Lane == "batch");
                var cost = OutcomeFields.CostUsd(quote.NanoUsd);
                after += cost;
                if (cost != row.CostUsd || !string.Equals(quote.PriceVersion, row.PriceVersion, StringComparison.Ordinal))
                {
                    changes.Add((row.RequestId, cost, quote.PriceVersion));
                }
            }

            repriced += changes.Count;
            await ApplyAsync(connection, transaction, changes, cancellationToken).ConfigureAwait(false);
            afterId = page[^1].RequestId;
        }

        await using (var rebuild = new NpgsqlCommand(RebuildSql, connection, transaction))
        {
            rebuild.Parameters.AddWithValue("from", fromHour);
            await rebuild.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RepriceSummary(fromHour, rows, repriced, withoutPrice, before, after);
    }

    private static async Task<List<LedgerRow>> ReadPageAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset fromHour, string after, CancellationToken ct)
    {
        var page = new List<LedgerRow>(PageSize);
        await using var command = new NpgsqlCommand(PageSql, connection, transaction);
        command.Parameters.AddWithValue("from", fromHour);
        command.Parameters.AddWithValue("after", after);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            page.Add(new LedgerRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetInt32(6),
                reader.GetInt32(7),
                reader.GetInt32(8),
                reader.GetDecimal(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetInt32(11),
                new DateTimeOffset(reader.GetDateTime(12), TimeSpan.Zero)));
        }

        return page;
    }

    private static async Task ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string RequestId, decimal CostUsd, string? Version)> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY reprice_in (request_id, cost_usd, price_version) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false))
        {
            foreach (var (requestId, cost, version) in changes)
            {
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await importer.WriteAsync(requestId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await importer.WriteAsync(cost, NpgsqlDbType.Numeric, ct).ConfigureAwait(false);
                await importer.WriteTextAsync(version, ct).ConfigureAwait(false);
            }

            await importer.CompleteAsync(ct).ConfigureAwait(false);
        }

        await using var apply = new NpgsqlCommand(ApplySql, connection, transaction);
        await apply.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private sealed record LedgerRow(
        string RequestId,
        string Provider,
        string Model,
        string? ProviderModel,
        string Lane,
        bool CacheHit,
        int InputTokens,
        int CachedInputTokens,
        int OutputTokens,
        decimal CostUsd,
        string? PriceVersion,
        int CacheWriteTokens,
        DateTimeOffset At);
}
