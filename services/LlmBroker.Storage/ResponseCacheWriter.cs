using LlmBroker.Contracts.V1;
using LlmBroker.Storage.Internal;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage;

/// <summary>
/// Fills <c>response_cache</c> from outcomes: an OK outcome with a cache key that was not itself a
/// cache hit stores its redacted output for <see cref="ResponseCacheOptions.TimeToLive"/> from its
/// completion time; a newer answer replaces an older one, a replayed older one changes nothing.
/// Cache-hit outcomes add to the entry's <c>hit_count</c> (approximate: a redelivered hit counts
/// twice). Returns the number of entries inserted or replaced.
/// </summary>
public sealed class ResponseCacheWriter(IOptions<ResponseCacheOptions> options, TimeProvider timeProvider) : IOutcomeWriter
{
    private static readonly Usage EmptyUsage = new();

    private const string CreateStagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS response_cache_in (
            ord integer, is_hit boolean, cache_key text, tenant text, model text, provider_model text,
            output text, finish_reason text, input_tokens integer, output_tokens integer,
            cached_input_tokens integer, reasoning_tokens integer, source_request_id text,
            created_at timestamptz, expires_at timestamptz
        ) ON COMMIT DROP;
        TRUNCATE response_cache_in;
        """;

    private const string CopySql = """
        COPY response_cache_in (
            ord, is_hit, cache_key, tenant, model, provider_model, output, finish_reason,
            input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, source_request_id,
            created_at, expires_at
        ) FROM STDIN (FORMAT BINARY)
        """;

    // DISTINCT ON keeps the newest answer per key within the batch (ON CONFLICT DO UPDATE may not
    // touch a row twice in one statement).
    private const string UpsertSql = """
        INSERT INTO response_cache AS c (
            cache_key, tenant, model, provider_model, output, finish_reason,
            input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, source_request_id,
            created_at, expires_at)
        SELECT cache_key, tenant, model, provider_model, output, finish_reason,
               input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, source_request_id,
               created_at, expires_at
        FROM (
            SELECT DISTINCT ON (cache_key) *
            FROM response_cache_in
            WHERE NOT is_hit
            ORDER BY cache_key, created_at DESC, ord DESC
        ) AS newest
        ORDER BY cache_key
        ON CONFLICT (cache_key) DO UPDATE SET
            tenant = excluded.tenant,
            model = excluded.model,
            provider_model = excluded.provider_model,
            output = excluded.output,
            finish_reason = excluded.finish_reason,
            input_tokens = excluded.input_tokens,
            output_tokens = excluded.output_tokens,
            cached_input_tokens = excluded.cached_input_tokens,
            reasoning_tokens = excluded.reasoning_tokens,
            source_request_id = excluded.source_request_id,
            created_at = excluded.created_at,
            expires_at = excluded.expires_at
        WHERE excluded.created_at > c.created_at
        """;

    private const string CountHitsSql = """
        UPDATE response_cache AS c
        SET hit_count = c.hit_count + h.hits
        FROM (
            SELECT cache_key, count(*) AS hits
            FROM response_cache_in
            WHERE is_hit
            GROUP BY cache_key
            ORDER BY cache_key
        ) AS h
        WHERE c.cache_key = h.cache_key
        """;

    private readonly ResponseCacheOptions _options = options.Value;
    private readonly TimeProvider _timeProvider = timeProvider;

    /// <inheritdoc />
    public async Task<int> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<Outcome> outcomes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(outcomes);

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var rows = new List<(Outcome Outcome, bool IsHit, DateTime CreatedAt)>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Status != ResultStatus.Ok || outcome.CacheKey.Length == 0)
            {
                continue;
            }

            var createdAt = OutcomeFields.CompletedAt(outcome.Times) ?? now;
            // An answer that expired while it waited in Kafka is not worth storing.
            if (!outcome.CacheHit && createdAt + _options.TimeToLive <= now)
            {
                continue;
            }

            rows.Add((outcome, outcome.CacheHit, createdAt));
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        await using (var create = new NpgsqlCommand(CreateStagingSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, rows, cancellationToken);

        // Two statements in one round trip: the hit counts must see the rows just upserted, and one
        // statement may not modify a row twice.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new NpgsqlBatchCommand(UpsertSql), new NpgsqlBatchCommand(CountHitsSql) },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return checked((int)batch.BatchCommands[0].RecordsAffected);
    }

    private async Task CopyAsync(
        NpgsqlConnection connection,
        List<(Outcome Outcome, bool IsHit, DateTime CreatedAt)> rows,
        CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, ct);
        for (var i = 0; i < rows.Count; i++)
        {
            var (outcome, isHit, createdAt) = rows[i];
            var usage = outcome.Usage ?? EmptyUsage;

            await importer.StartRowAsync(ct);
            await importer.WriteAsync(i, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(isHit, NpgsqlDbType.Boolean, ct);
            await importer.WriteTextAsync(outcome.CacheKey, ct);
            await importer.WriteTextAsync(outcome.Tenant, ct);
            await importer.WriteTextAsync(outcome.Model, ct);
            await importer.WriteTextOrNullAsync(outcome.ProviderModel, ct);
            await importer.WriteTextAsync(outcome.RedactedOutput, ct);
            await importer.WriteTextOrNullAsync(outcome.FinishReason, ct);
            await importer.WriteAsync(usage.InputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.OutputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.CachedInputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.ReasoningTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteTextAsync(outcome.RequestId, ct);
            await importer.WriteTimestampAsync(createdAt, ct);
            await importer.WriteTimestampAsync(createdAt + _options.TimeToLive, ct);
        }

        await importer.CompleteAsync(ct);
    }
}
