using LlmBroker.Contracts.V1;
using LlmBroker.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage;

/// <summary>
/// Appends one hash-chained <c>audit_log</c> row per outcome (event = the final status) with the
/// redacted prompt and output, attempts, checks, tags, cost and stage times. An outcome already
/// recorded (same request_id and event) is skipped and not chained. Rows are appended to the chain of
/// their <see cref="AuditSource"/> in batch order; the chain heads are read under a row lock in the
/// caller's transaction, so an aborted batch leaves neither rows nor a moved head, and two writers
/// never interleave within one chain. Returns the number of new rows.
/// </summary>
public sealed class AuditLogWriter : IOutcomeWriter
{
    private static readonly Usage EmptyUsage = new();

    private const string CreateStagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS audit_log_in (
            ord integer, chain text, source_offset bigint,
            request_id text, event text, tenant text, app text, key_id text, model text, lane text,
            provider text, deployment text, provider_model text, template_id text, template_version text,
            batch_id text, custom_id text, error_code text, error_message text, finish_reason text,
            redacted_messages jsonb, redacted_output text, attempts jsonb,
            checks_run text[], checks_failed text[], tags jsonb,
            input_tokens integer, output_tokens integer, cached_input_tokens integer,
            cost_usd numeric(20,9), cache_hit boolean, price_version text, stage_times jsonb,
            occurred_at timestamptz, recorded_at timestamptz DEFAULT now()
        ) ON COMMIT DROP;
        TRUNCATE audit_log_in;
        """;

    private const string CopySql = """
        COPY audit_log_in (
            ord, chain, source_offset, request_id, event, tenant, app, key_id, model, lane, provider, deployment,
            provider_model, template_id, template_version, batch_id, custom_id, error_code, error_message, finish_reason,
            redacted_messages, redacted_output, attempts, checks_run, checks_failed, tags,
            input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, price_version,
            stage_times, occurred_at
        ) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>The content columns, in the order of audit_log_digest's parameters.</summary>
    internal const string DigestArguments = """
        request_id, event, tenant, app, key_id, model, lane, provider, deployment, provider_model,
        template_id, template_version, batch_id, custom_id, error_code, error_message, finish_reason,
        redacted_messages, redacted_output, attempts, checks_run, checks_failed, tags,
        input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, price_version,
        stage_times, occurred_at, recorded_at, source_offset
        """;

    // Heads are created when missing, then locked in chain order (two writers cannot deadlock). The
    // digests are computed by PostgreSQL from values of the stored types, exactly as verify does. An
    // outcome twice in one batch is chained once (its first occurrence).
    private const string PrepareSql = $"""
        UPDATE audit_log_in SET occurred_at = recorded_at WHERE occurred_at IS NULL;
        INSERT INTO audit_chain_heads (chain)
        SELECT DISTINCT chain FROM audit_log_in ORDER BY chain
        ON CONFLICT (chain) DO NOTHING;
        SELECT chain, last_seq, last_hash FROM audit_chain_heads
        WHERE chain IN (SELECT chain FROM audit_log_in)
        ORDER BY chain
        FOR UPDATE;
        SELECT s.ord, s.chain, audit_log_digest({DigestArguments})
        FROM audit_log_in AS s
        WHERE s.ord IN (SELECT min(ord) FROM audit_log_in GROUP BY request_id, event)
          AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.request_id = s.request_id AND a.event = s.event)
        ORDER BY s.ord;
        """;

    // ORDER BY ord: identity values follow the batch (= partition) order. No ON CONFLICT: a row
    // recorded meanwhile by another writer fails the batch, which is retried and then skips it.
    private const string InsertSql = $"""
        WITH inserted AS (
            INSERT INTO audit_log (chain, chain_seq, prev_hash, hash, {DigestArguments})
            SELECT s.chain, h.chain_seq, h.prev_hash, h.hash, {DigestArguments}
            FROM audit_log_in s
            JOIN unnest(@ords, @seqs, @prev_hashes, @hashes) AS h(ord, chain_seq, prev_hash, hash) USING (ord)
            ORDER BY s.ord
            RETURNING chain, chain_seq, hash
        ), heads AS (
            UPDATE audit_chain_heads AS c
            SET last_seq = n.chain_seq, last_hash = n.hash, updated_at = now()
            FROM (SELECT DISTINCT ON (chain) chain, chain_seq, hash FROM inserted ORDER BY chain, chain_seq DESC) AS n
            WHERE c.chain = n.chain
        )
        SELECT count(*)::integer FROM inserted;
        """;

    /// <inheritdoc />
    public Task<int> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<Outcome> outcomes,
        CancellationToken cancellationToken) =>
        WriteAsync(connection, transaction, outcomes, null, cancellationToken);

    /// <summary>
    /// Writes <paramref name="outcomes"/>, each appended to the chain of the matching entry of
    /// <paramref name="sources"/> (same count and order), or to <see cref="AuditSource.DefaultChain"/>
    /// when <paramref name="sources"/> is null. Returns the number of new rows.
    /// </summary>
    public async Task<int> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<Outcome> outcomes,
        IReadOnlyList<AuditSource>? sources,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (sources is not null && sources.Count != outcomes.Count)
        {
            throw new ArgumentException("sources must match the outcomes one to one", nameof(sources));
        }

        if (outcomes.Count == 0)
        {
            return 0;
        }

        await using (var create = new NpgsqlCommand(CreateStagingSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, outcomes, sources, cancellationToken);

        var links = await LinkAsync(connection, transaction, cancellationToken);
        if (links.Count == 0)
        {
            return 0;
        }

        // The links travel as arrays with the insert: one round trip fewer than a second COPY.
        await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<int[]>("ords", links.Select(l => l.Ord).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<long[]>("seqs", links.Select(l => l.Seq).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("prev_hashes", links.Select(l => l.PrevHash).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", links.Select(l => l.Hash).ToArray()));
        return (int)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Locks the heads, reads the digests of the new rows and chains them in batch order.</summary>
    private static async Task<List<Link>> LinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var heads = new Dictionary<string, (long Seq, byte[] Hash)>(StringComparer.Ordinal);
        var links = new List<Link>();
        await using var command = new NpgsqlCommand(PrepareSql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var chain = reader.GetString(0);
            heads[chain] = (reader.GetInt64(1), reader.IsDBNull(2) ? AuditChain.Genesis(chain) : reader.GetFieldValue<byte[]>(2));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var chain = reader.GetString(1);
            var (seq, previous) = heads[chain];
            seq++;
            var hash = AuditChain.Link(previous, seq, reader.GetFieldValue<byte[]>(2));
            links.Add(new Link(reader.GetInt32(0), seq, previous, hash));
            heads[chain] = (seq, hash);
        }

        return links;
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection, IReadOnlyList<Outcome> outcomes, IReadOnlyList<AuditSource>? sources, CancellationToken ct)
    {
        var json = new JsonText();
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, ct);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var usage = outcome.Usage ?? EmptyUsage;
            var source = sources?[i] ?? new AuditSource(AuditSource.DefaultChain, null);

            await importer.StartRowAsync(ct);
            await importer.WriteAsync(i, NpgsqlDbType.Integer, ct);
            await importer.WriteTextAsync(source.Chain, ct);
            await importer.WriteBigintAsync(source.Offset, ct);
            await importer.WriteTextAsync(outcome.RequestId, ct);
            await importer.WriteTextAsync(OutcomeFields.Status(outcome.Status), ct);
            await importer.WriteTextAsync(outcome.Tenant, ct);
            await importer.WriteTextAsync(outcome.App, ct);
            await importer.WriteTextOrNullAsync(outcome.KeyId, ct);
            await importer.WriteTextAsync(outcome.Model, ct);
            await importer.WriteTextAsync(OutcomeFields.Lane(outcome.Lane), ct);
            await importer.WriteTextAsync(outcome.Provider, ct);
            await importer.WriteTextAsync(outcome.Deployment, ct);
            await importer.WriteTextOrNullAsync(outcome.ProviderModel, ct);
            await importer.WriteTextOrNullAsync(outcome.TemplateName, ct);
            await importer.WriteTextOrNullAsync(outcome.TemplateVersion > 0 ? outcome.TemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, ct);
            await importer.WriteTextOrNullAsync(outcome.BatchId, ct);
            await importer.WriteTextOrNullAsync(outcome.CustomId, ct);
            await importer.WriteTextOrNullAsync(outcome.Error?.Code, ct);
            // A refusal's exact reason (e.g. replayed, key_revoked) leads its message.
            await importer.WriteTextOrNullAsync(
                outcome.RejectionReason.Length > 0 ? $"{outcome.RejectionReason}: {outcome.Error?.Message}" : outcome.Error?.Message, ct);
            await importer.WriteTextOrNullAsync(outcome.FinishReason, ct);
            await importer.WriteJsonbAsync(json.Messages(outcome.RedactedMessages), ct);
            await importer.WriteTextOrNullAsync(outcome.RedactedOutput, ct);
            await importer.WriteJsonbAsync(json.Attempts(outcome.Attempts), ct);
            await importer.WriteTextArrayAsync(outcome.ChecksRun, ct);
            await importer.WriteTextArrayAsync(outcome.ChecksFailed, ct);
            await importer.WriteJsonbAsync(json.Tags(outcome.Tags), ct);
            await importer.WriteAsync(usage.InputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.OutputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.CachedInputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(OutcomeFields.CostUsd(outcome.CostNanoUsd), NpgsqlDbType.Numeric, ct);
            await importer.WriteAsync(outcome.CacheHit, NpgsqlDbType.Boolean, ct);
            await importer.WriteTextOrNullAsync(outcome.PriceVersion, ct);
            await importer.WriteJsonbAsync(json.StageTimes(outcome.Times), ct);
            await importer.WriteTimestampAsync(OutcomeFields.CompletedAt(outcome.Times), ct);
        }

        await importer.CompleteAsync(ct);
    }

    private readonly record struct Link(int Ord, long Seq, byte[] PrevHash, byte[] Hash);
}
