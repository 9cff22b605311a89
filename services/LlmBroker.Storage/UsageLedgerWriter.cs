using LlmBroker.Contracts.V1;
using LlmBroker.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage;

/// <summary>
/// Writes one <c>usage_ledger</c> row per outcome and adds the newly written rows, in the same
/// transaction, to the <c>cost_hourly</c> and <c>cost_hourly_tag</c> rollups: an outcome delivered twice is neither stored nor
/// counted twice, so <c>sum(cost_hourly.cost_usd)</c> always equals <c>sum(usage_ledger.cost_usd)</c>.
/// Returns the number of new ledger rows.
/// </summary>
/// <remarks>
/// Three round trips: read which outcomes are recorded already (and the transaction's time); COPY
/// the new rows straight into usage_ledger; add their sums, grouped here, to the rollups. A row
/// recorded meanwhile by another writer fails the COPY (primary key) and the batch is retried.
/// </remarks>
public sealed class UsageLedgerWriter : IPreparingOutcomeWriter
{
    private static readonly Usage EmptyUsage = new();

    private const string NowSql = "SELECT now()";

    // One primary-key probe per id, whatever the ledger's size: with thousands of ids, both
    // "request_id = ANY(@request_ids)" and a plain join make the planner scan the whole ledger once
    // it holds a few hundred thousand rows (~0.1 s per batch at a million, growing with the table).
    // LIMIT keeps the subquery from being turned into such a join.
    internal const string RecordedSql = """
        SELECT u.request_id FROM unnest(@request_ids) AS u(request_id)
        CROSS JOIN LATERAL (SELECT 1 FROM usage_ledger AS l WHERE l.request_id = u.request_id LIMIT 1) AS hit
        """;

    private const string CopySql = """
        COPY usage_ledger (
            request_id, tenant, app, model, provider, deployment, provider_model, lane, status, error_code,
            input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cache_write_tokens,
            cost_usd, price_version, cache_hit, attempts, tags, batch_id, custom_id,
            submitted_at, completed_at, latency_ms, queue_ms, provider_latency_ms
        ) FROM STDIN (FORMAT BINARY)
        """;

    // ORDER BY takes the rollup row locks in one order, so two sinks writing the same hours cannot deadlock.
    private const string RollupTagSql = """
        INSERT INTO cost_hourly_tag AS c (
            hour, tenant, app, tag, tag_value, requests, failed_requests, cache_hits,
            input_tokens, output_tokens, cached_input_tokens, cost_usd, updated_at)
        SELECT u.*, now()
        FROM unnest(@hours, @tenants, @apps, @tags, @tag_values, @requests, @failed, @cache_hits,
                    @input_tokens, @output_tokens, @cached_input_tokens, @costs)
             AS u(hour, tenant, app, tag, tag_value, requests, failed_requests, cache_hits,
                  input_tokens, output_tokens, cached_input_tokens, cost_usd)
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (hour, tenant, app, tag, tag_value) DO UPDATE SET
            requests            = c.requests + excluded.requests,
            failed_requests     = c.failed_requests + excluded.failed_requests,
            cache_hits          = c.cache_hits + excluded.cache_hits,
            input_tokens        = c.input_tokens + excluded.input_tokens,
            output_tokens       = c.output_tokens + excluded.output_tokens,
            cached_input_tokens = c.cached_input_tokens + excluded.cached_input_tokens,
            cost_usd            = c.cost_usd + excluded.cost_usd,
            updated_at          = excluded.updated_at
        """;

    private const string RollupHourlySql = """
        INSERT INTO cost_hourly AS c (
            hour, tenant, app, model, provider, requests, failed_requests, cache_hits,
            input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, updated_at)
        SELECT u.*, now()
        FROM unnest(@hours, @tenants, @apps, @models, @providers, @requests, @failed, @cache_hits,
                    @input_tokens, @output_tokens, @cached_input_tokens, @reasoning_tokens, @costs)
             AS u(hour, tenant, app, model, provider, requests, failed_requests, cache_hits,
                  input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd)
        ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (hour, tenant, app, model, provider) DO UPDATE SET
            requests            = c.requests + excluded.requests,
            failed_requests     = c.failed_requests + excluded.failed_requests,
            cache_hits          = c.cache_hits + excluded.cache_hits,
            input_tokens        = c.input_tokens + excluded.input_tokens,
            output_tokens       = c.output_tokens + excluded.output_tokens,
            cached_input_tokens = c.cached_input_tokens + excluded.cached_input_tokens,
            reasoning_tokens    = c.reasoning_tokens + excluded.reasoning_tokens,
            cost_usd            = c.cost_usd + excluded.cost_usd,
            updated_at          = excluded.updated_at
        """;

    /// <inheritdoc />
    public async Task<int> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<Outcome> outcomes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(outcomes);
        return outcomes.Count == 0 ? 0 : await WritePreparedAsync(connection, transaction, Prepare(outcomes), cancellationToken);
    }

    /// <inheritdoc />
    public object Prepare(IReadOnlyList<Outcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return outcomes.Select(Row).ToList();
    }

    /// <inheritdoc />
    public async Task<int> WritePreparedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, object prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rows = prepared as List<LedgerRow> ?? throw new ArgumentException("not rows prepared by this writer", nameof(prepared));
        if (rows.Count == 0)
        {
            return 0;
        }

        var (now, recorded) = await RecordedAsync(connection, transaction, rows, cancellationToken);

        // An outcome already recorded, or twice in this batch, is stored and counted once (its first occurrence).
        var fresh = rows.Where(r => recorded.Add(r.RequestId)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        await CopyAsync(connection, fresh, cancellationToken);
        await RollUpAsync(connection, transaction, fresh, now, cancellationToken);
        return fresh.Count;
    }

    private static LedgerRow Row(Outcome outcome)
    {
        var usage = outcome.Usage ?? EmptyUsage;
        var times = outcome.Times;
        var submittedAt = Microseconds(OutcomeFields.Utc(times?.SubmittedAt));
        var completedAt = Microseconds(OutcomeFields.CompletedAt(times));
        var providerStartedAt = Microseconds(OutcomeFields.Utc(times?.ProviderStartedAt));
        var providerCompletedAt = Microseconds(OutcomeFields.Utc(times?.ProviderCompletedAt));

        // jsonb keeps the last of two keys that clean to the same text.
        var tags = new Dictionary<string, string>(outcome.Tags.Count, StringComparer.Ordinal);
        foreach (var (key, value) in outcome.Tags)
        {
            tags[PgText.Clean(key)] = PgText.Clean(value);
        }

        return new LedgerRow(outcome, usage, PgText.Clean(outcome.RequestId), OutcomeFields.Status(outcome.Status), tags,
            submittedAt, completedAt, providerStartedAt, providerCompletedAt);
    }

    /// <summary>Times are stored to the microsecond: cut here (not by the driver) so the rollup hour is the stored value's.</summary>
    private static DateTime? Microseconds(DateTime? value) => value is { } v ? AuditCanonical.Microseconds(v) : null;

    private static async Task<(DateTime Now, HashSet<string> Recorded)> RecordedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<LedgerRow> rows, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(NowSql));
        var recorded = new NpgsqlBatchCommand(RecordedSql);
        recorded.Parameters.Add(new NpgsqlParameter<string[]>("request_ids", rows.Select(r => r.RequestId).Distinct(StringComparer.Ordinal).ToArray()));
        batch.BatchCommands.Add(recorded);

        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var now = reader.GetFieldValue<DateTime>(0);
        await reader.NextResultAsync(ct);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return (now, ids);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<LedgerRow> rows, CancellationToken ct)
    {
        var json = new JsonText();
        await using var copy = await PgBinaryCopy.BeginAsync(connection, CopySql, ct);
        foreach (var row in rows)
        {
            var outcome = row.Outcome;
            var usage = row.Usage;

            copy.StartRow(27);
            copy.Text(row.RequestId);
            copy.Text(PgText.Clean(outcome.Tenant));
            copy.Text(PgText.Clean(outcome.App));
            copy.Text(PgText.Clean(outcome.Model));
            copy.Text(PgText.Clean(outcome.Provider));
            copy.Text(PgText.Clean(outcome.Deployment));
            copy.TextOrNull(PgText.CleanOrNull(outcome.ProviderModel));
            copy.Text(OutcomeFields.Lane(outcome.Lane));
            copy.Text(row.Status);
            copy.TextOrNull(PgText.CleanOrNull(outcome.Error?.Code));
            copy.Int32(usage.InputTokens);
            copy.Int32(usage.OutputTokens);
            copy.Int32(usage.CachedInputTokens);
            copy.Int32(usage.ReasoningTokens);
            copy.Int32(usage.CacheWriteTokens);
            copy.NumericNanos(outcome.CostNanoUsd);
            copy.TextOrNull(PgText.CleanOrNull(outcome.PriceVersion));
            copy.Bool(outcome.CacheHit);
            copy.Int32(outcome.Attempts.Count);
            copy.Jsonb(json.Tags(outcome.Tags));
            copy.TextOrNull(PgText.CleanOrNull(outcome.BatchId));
            copy.TextOrNull(PgText.CleanOrNull(outcome.CustomId));
            copy.TimestampTzOrNull(row.SubmittedAt);
            copy.TimestampTzOrNull(row.CompletedAt);
            copy.Int64OrNull(OutcomeFields.Milliseconds(row.SubmittedAt, row.CompletedAt));
            copy.Int64OrNull(OutcomeFields.Milliseconds(row.SubmittedAt, row.ProviderStartedAt));
            copy.Int64OrNull(OutcomeFields.Milliseconds(row.ProviderStartedAt, row.ProviderCompletedAt));
            await copy.FlushIfFullAsync(ct);
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>Adds the new rows to the rollups, grouped as the rollups' keys (the hour is date_trunc('hour', coalesce(completed_at, submitted_at, created_at), 'UTC')).</summary>
    private static async Task RollUpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<LedgerRow> rows, DateTime now, CancellationToken ct)
    {
        var hourly = new Dictionary<(DateTime, string, string, string, string), Sums>();
        var byTag = new Dictionary<(DateTime, string, string, string, string), Sums>();
        foreach (var row in rows)
        {
            var at = row.CompletedAt ?? row.SubmittedAt ?? now;
            var hour = at == DateTime.MinValue ? at : new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
            var tenant = PgText.Clean(row.Outcome.Tenant);
            var app = PgText.Clean(row.Outcome.App);
            Add(hourly, (hour, tenant, app, PgText.Clean(row.Outcome.Model), PgText.Clean(row.Outcome.Provider)), row);
            foreach (var (tag, value) in row.Tags)
            {
                Add(byTag, (hour, tenant, app, tag, value), row);
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (byTag.Count > 0)
        {
            var tags = new NpgsqlBatchCommand(RollupTagSql);
            AddKeysAndSums(tags.Parameters, byTag, "tags", "tag_values", reasoning: false);
            batch.BatchCommands.Add(tags);
        }

        var hours = new NpgsqlBatchCommand(RollupHourlySql);
        AddKeysAndSums(hours.Parameters, hourly, "models", "providers", reasoning: true);
        batch.BatchCommands.Add(hours);
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static void Add(Dictionary<(DateTime, string, string, string, string), Sums> groups, (DateTime, string, string, string, string) key, LedgerRow row)
    {
        if (!groups.TryGetValue(key, out var sums))
        {
            sums = new Sums();
            groups[key] = sums;
        }

        sums.Requests++;
        sums.Failed += row.Status == "ok" ? 0 : 1;
        sums.CacheHits += row.Outcome.CacheHit ? 1 : 0;
        sums.InputTokens += row.Usage.InputTokens;
        sums.OutputTokens += row.Usage.OutputTokens;
        sums.CachedInputTokens += row.Usage.CachedInputTokens;
        sums.ReasoningTokens += row.Usage.ReasoningTokens;
        sums.Cost += OutcomeFields.CostUsd(row.Outcome.CostNanoUsd);
    }

    private static void AddKeysAndSums(
        NpgsqlParameterCollection parameters, Dictionary<(DateTime, string, string, string, string), Sums> groups, string fourth, string fifth, bool reasoning)
    {
        var keys = groups.Keys.ToArray();
        var sums = keys.Select(k => groups[k]).ToArray();
        parameters.Add(new NpgsqlParameter<DateTime[]>("hours", keys.Select(k => k.Item1).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter<string[]>("tenants", keys.Select(k => k.Item2).ToArray()));
        parameters.Add(new NpgsqlParameter<string[]>("apps", keys.Select(k => k.Item3).ToArray()));
        parameters.Add(new NpgsqlParameter<string[]>(fourth, keys.Select(k => k.Item4).ToArray()));
        parameters.Add(new NpgsqlParameter<string[]>(fifth, keys.Select(k => k.Item5).ToArray()));
        parameters.Add(new NpgsqlParameter<long[]>("requests", sums.Select(s => s.Requests).ToArray()));
        parameters.Add(new NpgsqlParameter<long[]>("failed", sums.Select(s => s.Failed).ToArray()));
        parameters.Add(new NpgsqlParameter<long[]>("cache_hits", sums.Select(s => s.CacheHits).ToArray()));
        parameters.Add(new NpgsqlParameter<long[]>("input_tokens", sums.Select(s => s.InputTokens).ToArray()));
        parameters.Add(new NpgsqlParameter<long[]>("output_tokens", sums.Select(s => s.OutputTokens).ToArray()));
        parameters.Add(new NpgsqlParameter<long[]>("cached_input_tokens", sums.Select(s => s.CachedInputTokens).ToArray()));
        if (reasoning)
        {
            parameters.Add(new NpgsqlParameter<long[]>("reasoning_tokens", sums.Select(s => s.ReasoningTokens).ToArray()));
        }

        parameters.Add(new NpgsqlParameter<decimal[]>("costs", sums.Select(s => s.Cost).ToArray()));
    }

    private sealed record LedgerRow(
        Outcome Outcome, Usage Usage, string RequestId, string Status, Dictionary<string, string> Tags,
        DateTime? SubmittedAt, DateTime? CompletedAt, DateTime? ProviderStartedAt, DateTime? ProviderCompletedAt);

    private sealed class Sums
    {
        public long Requests { get; set; }

        public long Failed { get; set; }

        public long CacheHits { get; set; }

        public long InputTokens { get; set; }

        public long OutputTokens { get; set; }

        public long CachedInputTokens { get; set; }

        public long ReasoningTokens { get; set; }

        public decimal Cost { get; set; }
    }
}
