using LlmBroker.Contracts.V1;
using LlmBroker.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage;

/// <summary>
/// Writes one <c>usage_ledger</c> row per outcome and adds the newly written rows, in the same
/// statement, to the <c>cost_hourly</c> and <c>cost_hourly_tag</c> rollups: an outcome delivered twice is neither stored nor
/// counted twice, so <c>sum(cost_hourly.cost_usd)</c> always equals <c>sum(usage_ledger.cost_usd)</c>.
/// Returns the number of new ledger rows.
/// </summary>
public sealed class UsageLedgerWriter : IOutcomeWriter
{
    private static readonly Usage EmptyUsage = new();

    private const string CreateStagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS usage_ledger_in (
            request_id text, tenant text, app text, model text, provider text, deployment text,
            provider_model text, lane text, status text, error_code text,
            input_tokens integer, output_tokens integer, cached_input_tokens integer,
            reasoning_tokens integer, cache_write_tokens integer,
            cost_usd numeric(20,9), price_version text, cache_hit boolean, attempts integer, tags jsonb,
            batch_id text, custom_id text, submitted_at timestamptz, completed_at timestamptz,
            latency_ms bigint, queue_ms bigint, provider_latency_ms bigint
        ) ON COMMIT DROP;
        TRUNCATE usage_ledger_in;
        """;

    private const string CopySql = """
        COPY usage_ledger_in (
            request_id, tenant, app, model, provider, deployment, provider_model, lane, status, error_code,
            input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cache_write_tokens,
            cost_usd, price_version, cache_hit, attempts, tags, batch_id, custom_id,
            submitted_at, completed_at, latency_ms, queue_ms, provider_latency_ms
        ) FROM STDIN (FORMAT BINARY)
        """;

    // ORDER BY in the rollup takes the cost_hourly row locks in one order, so two sinks writing the
    // same hours cannot deadlock.
    private const string InsertSql = """
        WITH inserted AS (
            INSERT INTO usage_ledger (
                request_id, tenant, app, model, provider, deployment, provider_model, lane, status, error_code,
                input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cache_write_tokens,
                cost_usd, price_version, cache_hit, attempts, tags, batch_id, custom_id,
                submitted_at, completed_at, latency_ms, queue_ms, provider_latency_ms)
            SELECT
                request_id, tenant, app, model, provider, deployment, provider_model, lane, status, error_code,
                input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cache_write_tokens,
                cost_usd, price_version, cache_hit, attempts, tags, batch_id, custom_id,
                submitted_at, completed_at, latency_ms, queue_ms, provider_latency_ms
            FROM usage_ledger_in
            ON CONFLICT (request_id) DO NOTHING
            RETURNING
                date_trunc('hour', coalesce(completed_at, submitted_at, created_at), 'UTC') AS hour,
                tenant, app, model, provider, status, cache_hit, tags,
                input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd
        ), by_tag AS (
            INSERT INTO cost_hourly_tag AS c (
                hour, tenant, app, tag, tag_value, requests, failed_requests, cache_hits,
                input_tokens, output_tokens, cached_input_tokens, cost_usd, updated_at)
            SELECT i.hour, i.tenant, i.app, t.key, t.value,
                   count(*), count(*) FILTER (WHERE i.status <> 'ok'), count(*) FILTER (WHERE i.cache_hit),
                   sum(i.input_tokens), sum(i.output_tokens), sum(i.cached_input_tokens), sum(i.cost_usd), now()
            FROM inserted AS i
            CROSS JOIN LATERAL jsonb_each_text(i.tags) AS t(key, value)
            GROUP BY 1, 2, 3, 4, 5
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
        ), rolled_up AS (
            INSERT INTO cost_hourly AS c (
                hour, tenant, app, model, provider, requests, failed_requests, cache_hits,
                input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, updated_at)
            SELECT hour, tenant, app, model, provider,
                   count(*), count(*) FILTER (WHERE status <> 'ok'), count(*) FILTER (WHERE cache_hit),
                   sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(reasoning_tokens),
                   sum(cost_usd), now()
            FROM inserted
            GROUP BY hour, tenant, app, model, provider
            ORDER BY hour, tenant, app, model, provider
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
        )
        SELECT count(*)::integer FROM inserted
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
        if (outcomes.Count == 0)
        {
            return 0;
        }

        await using (var create = new NpgsqlCommand(CreateStagingSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, outcomes, cancellationToken);

        await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
        return (int)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<Outcome> outcomes, CancellationToken ct)
    {
        var json = new JsonText();
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, ct);
        foreach (var outcome in outcomes)
        {
            var usage = outcome.Usage ?? EmptyUsage;
            var times = outcome.Times;
            var submittedAt = OutcomeFields.Utc(times?.SubmittedAt);
            var completedAt = OutcomeFields.CompletedAt(times);
            var providerStartedAt = OutcomeFields.Utc(times?.ProviderStartedAt);
            var providerCompletedAt = OutcomeFields.Utc(times?.ProviderCompletedAt);

            await importer.StartRowAsync(ct);
            await importer.WriteTextAsync(outcome.RequestId, ct);
            await importer.WriteTextAsync(outcome.Tenant, ct);
            await importer.WriteTextAsync(outcome.App, ct);
            await importer.WriteTextAsync(outcome.Model, ct);
            await importer.WriteTextAsync(outcome.Provider, ct);
            await importer.WriteTextAsync(outcome.Deployment, ct);
            await importer.WriteTextOrNullAsync(outcome.ProviderModel, ct);
            await importer.WriteTextAsync(OutcomeFields.Lane(outcome.Lane), ct);
            await importer.WriteTextAsync(OutcomeFields.Status(outcome.Status), ct);
            await importer.WriteTextOrNullAsync(outcome.Error?.Code, ct);
            await importer.WriteAsync(usage.InputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.OutputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.CachedInputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.ReasoningTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.CacheWriteTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(OutcomeFields.CostUsd(outcome.CostNanoUsd), NpgsqlDbType.Numeric, ct);
            await importer.WriteTextOrNullAsync(outcome.PriceVersion, ct);
            await importer.WriteAsync(outcome.CacheHit, NpgsqlDbType.Boolean, ct);
            await importer.WriteAsync(outcome.Attempts.Count, NpgsqlDbType.Integer, ct);
            await importer.WriteJsonbAsync(json.Tags(outcome.Tags), ct);
            await importer.WriteTextOrNullAsync(outcome.BatchId, ct);
            await importer.WriteTextOrNullAsync(outcome.CustomId, ct);
            await importer.WriteTimestampAsync(submittedAt, ct);
            await importer.WriteTimestampAsync(completedAt, ct);
            await importer.WriteBigintAsync(OutcomeFields.Milliseconds(submittedAt, completedAt), ct);
            await importer.WriteBigintAsync(OutcomeFields.Milliseconds(submittedAt, providerStartedAt), ct);
            await importer.WriteBigintAsync(OutcomeFields.Milliseconds(providerStartedAt, providerCompletedAt), ct);
        }

        await importer.CompleteAsync(ct);
    }
}
