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
/// never interleave within one chain. The content digests are computed here, byte for byte as
/// audit_log_digest computes them (which the verifier uses), and the rows are copied straight into
/// audit_log: three round trips per batch (lock the heads, COPY, move the heads). Returns the number
/// of new rows.
/// </summary>
public sealed class AuditLogWriter : IOutcomeWriter
{
    private static readonly Usage EmptyUsage = new();

    /// <summary>The content columns, in the order of audit_log_digest's parameters.</summary>
    internal const string DigestArguments = """
        request_id, event, tenant, app, key_id, model, lane, provider, deployment, provider_model,
        template_id, template_version, batch_id, custom_id, error_code, error_message, finish_reason,
        redacted_messages, redacted_output, attempts, checks_run, checks_failed, tags,
        input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, price_version,
        stage_times, occurred_at, recorded_at, source_offset
        """;

    private const string CopySql = $"""
        COPY audit_log (chain, chain_seq, prev_hash, hash, {DigestArguments}) FROM STDIN (FORMAT BINARY)
        """;

    // Heads are created when missing, then locked in chain order (two writers cannot deadlock). The
    // recorded check runs after the lock: a writer that lost its partition waits here and then sees
    // the rows its successor recorded. now() is the transaction's time, the rows' recorded_at.
    private const string CreateHeadsSql = """
        INSERT INTO audit_chain_heads (chain)
        SELECT DISTINCT c FROM unnest(@chains) AS c ORDER BY c
        ON CONFLICT (chain) DO NOTHING
        """;

    private const string LockHeadsSql = """
        SELECT chain, last_seq, last_hash, now() FROM audit_chain_heads
        WHERE chain = ANY(@chains)
        ORDER BY chain
        FOR UPDATE
        """;

    // One probe of the (request_id, event) key per outcome, whatever the log's size (LIMIT keeps the
    // planner from turning it into a join that scans the whole log; see UsageLedgerWriter).
    internal const string RecordedSql = """
        SELECT u.request_id, u.event
        FROM (SELECT DISTINCT request_id, event FROM unnest(@request_ids, @events) AS u(request_id, event)) AS u
        CROSS JOIN LATERAL (
            SELECT 1 FROM audit_log AS a WHERE a.request_id = u.request_id AND a.event = u.event LIMIT 1) AS hit
        """;

    private const string MoveHeadsSql = """
        UPDATE audit_chain_heads AS c
        SET last_seq = n.last_seq, last_hash = n.last_hash, updated_at = now()
        FROM unnest(@chains, @seqs, @hashes) AS n(chain, last_seq, last_hash)
        WHERE c.chain = n.chain
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

        return await WriteAsync(connection, transaction, Rows(outcomes, sources, prefixes: false), cancellationToken);
    }

    /// <summary>
    /// The part of writing <paramref name="outcomes"/> that needs no database (text cleaning, JSON,
    /// most of the digests' canonical text), so that it can be done while earlier batches are
    /// written. Pass the result to <see cref="WriteAsync(NpgsqlConnection, NpgsqlTransaction, AuditBatch, CancellationToken)"/>.
    /// </summary>
    public static AuditBatch Prepare(IReadOnlyList<Outcome> outcomes, IReadOnlyList<AuditSource>? sources)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (sources is not null && sources.Count != outcomes.Count)
        {
            throw new ArgumentException("sources must match the outcomes one to one", nameof(sources));
        }

        return Rows(outcomes, sources, prefixes: true);
    }

    /// <summary>
    /// Writes a batch made by <see cref="Prepare"/> (again, after a transaction that failed).
    /// Returns the number of new rows.
    /// </summary>
    public async Task<int> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(batch);
        var rows = batch.Rows;
        if (rows.Count == 0)
        {
            return 0;
        }

        var (heads, now, recorded) = await LockHeadsAsync(connection, transaction, rows, cancellationToken);

        // An outcome already recorded, or twice in this batch, is chained once (its first occurrence).
        var fresh = new List<AuditRow>(rows.Count);
        foreach (var row in rows)
        {
            if (recorded.Add((row.RequestId, row.Event)))
            {
                row.RecordedAt = now;
                row.OccurredAt = row.CompletedAt ?? now;
                fresh.Add(row);
            }
        }

        if (fresh.Count == 0)
        {
            return 0;
        }

        await CopyAsync(connection, fresh, heads, cancellationToken);
        await MoveHeadsAsync(connection, transaction, fresh, cancellationToken);
        return fresh.Count;
    }

    /// <summary>The stored values of each outcome, as written and as hashed.</summary>
    private static AuditBatch Rows(IReadOnlyList<Outcome> outcomes, IReadOnlyList<AuditSource>? sources, bool prefixes)
    {
        var json = new JsonText();
        var canonical = prefixes ? new AuditCanonical() : null;
        var rows = new List<AuditRow>(outcomes.Count);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var usage = outcome.Usage ?? EmptyUsage;
            var source = sources?[i] ?? new AuditSource(AuditSource.DefaultChain, null);
            var completedAt = OutcomeFields.CompletedAt(outcome.Times);
            rows.Add(new AuditRow
            {
                Chain = PgText.Clean(source.Chain),
                SourceOffset = source.Offset,
                RequestId = PgText.Clean(outcome.RequestId),
                Event = OutcomeFields.Status(outcome.Status),
                Tenant = PgText.Clean(outcome.Tenant),
                App = PgText.Clean(outcome.App),
                KeyId = PgText.CleanOrNull(outcome.KeyId),
                Model = PgText.Clean(outcome.Model),
                Lane = OutcomeFields.Lane(outcome.Lane),
                Provider = PgText.Clean(outcome.Provider),
                Deployment = PgText.Clean(outcome.Deployment),
                ProviderModel = PgText.CleanOrNull(outcome.ProviderModel),
                TemplateId = PgText.CleanOrNull(outcome.TemplateName),
                TemplateVersion = outcome.TemplateVersion > 0 ? outcome.TemplateVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                BatchId = PgText.CleanOrNull(outcome.BatchId),
                CustomId = PgText.CleanOrNull(outcome.CustomId),
                ErrorCode = PgText.CleanOrNull(outcome.Error?.Code),
                // A refusal's exact reason (e.g. replayed, key_revoked) leads its message.
                ErrorMessage = PgText.CleanOrNull(
                    outcome.RejectionReason.Length > 0 ? $"{outcome.RejectionReason}: {outcome.Error?.Message}" : outcome.Error?.Message),
                FinishReason = PgText.CleanOrNull(outcome.FinishReason),
                RedactedMessages = json.Messages(outcome.RedactedMessages),
                RedactedOutput = PgText.CleanOrNull(outcome.RedactedOutput),
                Attempts = json.Attempts(outcome.Attempts),
                ChecksRun = PgText.CleanAll(outcome.ChecksRun),
                ChecksFailed = PgText.CleanAll(outcome.ChecksFailed),
                Tags = json.Tags(outcome.Tags, jsonbOrder: true),
                InputTokens = usage.InputTokens,
                OutputTokens = usage.OutputTokens,
                CachedInputTokens = usage.CachedInputTokens,
                CostNanoUsd = outcome.CostNanoUsd,
                CacheHit = outcome.CacheHit,
                PriceVersion = PgText.CleanOrNull(outcome.PriceVersion),
                StageTimes = json.StageTimes(outcome.Times),
                CompletedAt = completedAt is { } at ? AuditCanonical.Microseconds(at) : null,
            });
        }

        if (canonical is not null)
        {
            foreach (var row in rows)
            {
                row.CanonicalPrefix = canonical.Prefix(row);
            }
        }

        return new AuditBatch(rows);
    }

    /// <summary>
    /// Creates and locks the heads of the batch's chains and reads the transaction's time and which
    /// of the batch's outcomes are already recorded; one round trip.
    /// </summary>
    private static async Task<(Dictionary<string, (long Seq, byte[] Hash)> Heads, DateTime Now, HashSet<(string, string)> Recorded)> LockHeadsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<AuditRow> rows, CancellationToken ct)
    {
        var chains = rows.Select(r => r.Chain).Distinct(StringComparer.Ordinal).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var create = new NpgsqlBatchCommand(CreateHeadsSql);
        create.Parameters.Add(new NpgsqlParameter<string[]>("chains", chains));
        batch.BatchCommands.Add(create);
        var lockHeads = new NpgsqlBatchCommand(LockHeadsSql);
        lockHeads.Parameters.Add(new NpgsqlParameter<string[]>("chains", chains));
        batch.BatchCommands.Add(lockHeads);
        var recorded = new NpgsqlBatchCommand(RecordedSql);
        recorded.Parameters.Add(new NpgsqlParameter<string[]>("request_ids", rows.Select(r => r.RequestId).ToArray()));
        recorded.Parameters.Add(new NpgsqlParameter<string[]>("events", rows.Select(r => r.Event).ToArray()));
        batch.BatchCommands.Add(recorded);

        var heads = new Dictionary<string, (long Seq, byte[] Hash)>(StringComparer.Ordinal);
        var now = default(DateTime);
        var seen = new HashSet<(string, string)>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var chain = reader.GetString(0);
            heads[chain] = (reader.GetInt64(1), reader.IsDBNull(2) ? AuditChain.Genesis(chain) : reader.GetFieldValue<byte[]>(2));
            now = reader.GetFieldValue<DateTime>(3);
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            seen.Add((reader.GetString(0), reader.GetString(1)));
        }

        return (heads, now, seen);
    }

    /// <summary>
    /// Links each row to its chain, in batch order, while copying: the digests are computed while
    /// PostgreSQL stores the rows already sent.
    /// </summary>
    private static async Task CopyAsync(
        NpgsqlConnection connection, List<AuditRow> rows, Dictionary<string, (long Seq, byte[] Hash)> heads, CancellationToken ct)
    {
        var canonical = new AuditCanonical();
        await using var copy = await PgBinaryCopy.BeginAsync(connection, CopySql, ct);
        foreach (var row in rows)
        {
            var (seq, previous) = heads[row.Chain];
            row.ChainSeq = seq + 1;
            row.PrevHash = previous;
            row.Hash = AuditChain.Link(previous, row.ChainSeq, canonical.Digest(row));
            heads[row.Chain] = (row.ChainSeq, row.Hash);

            copy.StartRow(37);
            copy.Text(row.Chain);
            copy.Int64(row.ChainSeq);
            copy.Bytea(row.PrevHash);
            copy.Bytea(row.Hash);
            copy.Text(row.RequestId);
            copy.Text(row.Event);
            copy.Text(row.Tenant);
            copy.Text(row.App);
            copy.TextOrNull(row.KeyId);
            copy.Text(row.Model);
            copy.Text(row.Lane);
            copy.Text(row.Provider);
            copy.Text(row.Deployment);
            copy.TextOrNull(row.ProviderModel);
            copy.TextOrNull(row.TemplateId);
            copy.TextOrNull(row.TemplateVersion);
            copy.TextOrNull(row.BatchId);
            copy.TextOrNull(row.CustomId);
            copy.TextOrNull(row.ErrorCode);
            copy.TextOrNull(row.ErrorMessage);
            copy.TextOrNull(row.FinishReason);
            copy.Jsonb(row.RedactedMessages);
            copy.TextOrNull(row.RedactedOutput);
            copy.Jsonb(row.Attempts);
            copy.TextArray(row.ChecksRun);
            copy.TextArray(row.ChecksFailed);
            copy.Jsonb(row.Tags);
            copy.Int32(row.InputTokens);
            copy.Int32(row.OutputTokens);
            copy.Int32(row.CachedInputTokens);
            copy.NumericNanos(row.CostNanoUsd);
            copy.Bool(row.CacheHit);
            copy.TextOrNull(row.PriceVersion);
            copy.Jsonb(row.StageTimes);
            copy.TimestampTz(row.OccurredAt);
            copy.TimestampTz(row.RecordedAt);
            copy.Int64OrNull(row.SourceOffset);
            await copy.FlushIfFullAsync(ct);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task MoveHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<AuditRow> rows, CancellationToken ct)
    {
        var last = new Dictionary<string, AuditRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            last[row.Chain] = row;
        }

        await using var command = new NpgsqlCommand(MoveHeadsSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("chains", last.Keys.ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", last.Values.Select(r => r.ChainSeq).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", last.Values.Select(r => r.Hash).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>A batch of outcomes prepared for <see cref="AuditLogWriter"/>; one writer at a time.</summary>
public sealed class AuditBatch
{
    internal AuditBatch(List<AuditRow> rows) => Rows = rows;

    /// <summary>Outcomes in the batch.</summary>
    public int Count => Rows.Count;

    internal List<AuditRow> Rows { get; }
}
