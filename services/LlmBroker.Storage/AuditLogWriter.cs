using LlmBroker.Contracts.V1;
using LlmBroker.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage;

/// <summary>
/// Appends one <c>audit_log</c> row per outcome (event = the final status) with the redacted prompt
/// and output, attempts, checks and stage times. Rows are numbered in batch order; an outcome
/// already recorded (same request_id and event) is skipped. Returns the number of new rows.
/// </summary>
public sealed class AuditLogWriter : IOutcomeWriter
{
    private static readonly Usage EmptyUsage = new();

    private const string CreateStagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS audit_log_in (
            ord integer, request_id text, event text, tenant text, app text, model text, lane text,
            provider text, deployment text, provider_model text, batch_id text, custom_id text,
            error_code text, error_message text, finish_reason text,
            redacted_messages jsonb, redacted_output text, attempts jsonb,
            checks_run text[], checks_failed text[], input_tokens integer, output_tokens integer,
            cost_usd numeric(20,9), cache_hit boolean, price_version text, stage_times jsonb,
            occurred_at timestamptz
        ) ON COMMIT DROP;
        TRUNCATE audit_log_in;
        """;

    private const string CopySql = """
        COPY audit_log_in (
            ord, request_id, event, tenant, app, model, lane, provider, deployment, provider_model,
            batch_id, custom_id, error_code, error_message, finish_reason,
            redacted_messages, redacted_output, attempts, checks_run, checks_failed,
            input_tokens, output_tokens, cost_usd, cache_hit, price_version, stage_times, occurred_at
        ) FROM STDIN (FORMAT BINARY)
        """;

    // ORDER BY ord: identity values follow the batch (= partition) order, which a hash chain needs.
    private const string InsertSql = """
        INSERT INTO audit_log (
            request_id, event, tenant, app, model, lane, provider, deployment, provider_model,
            batch_id, custom_id, error_code, error_message, finish_reason,
            redacted_messages, redacted_output, attempts, checks_run, checks_failed,
            input_tokens, output_tokens, cost_usd, cache_hit, price_version, stage_times, occurred_at)
        SELECT
            request_id, event, tenant, app, model, lane, provider, deployment, provider_model,
            batch_id, custom_id, error_code, error_message, finish_reason,
            redacted_messages, redacted_output, attempts, checks_run, checks_failed,
            input_tokens, output_tokens, cost_usd, cache_hit, price_version, stage_times,
            coalesce(occurred_at, now())
        FROM audit_log_in
        ORDER BY ord
        ON CONFLICT (request_id, event) DO NOTHING
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
        return await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<Outcome> outcomes, CancellationToken ct)
    {
        var json = new JsonText();
        await using var importer = await connection.BeginBinaryImportAsync(CopySql, ct);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var outcome = outcomes[i];
            var usage = outcome.Usage ?? EmptyUsage;

            await importer.StartRowAsync(ct);
            await importer.WriteAsync(i, NpgsqlDbType.Integer, ct);
            await importer.WriteTextAsync(outcome.RequestId, ct);
            await importer.WriteTextAsync(OutcomeFields.Status(outcome.Status), ct);
            await importer.WriteTextAsync(outcome.Tenant, ct);
            await importer.WriteTextAsync(outcome.App, ct);
            await importer.WriteTextAsync(outcome.Model, ct);
            await importer.WriteTextAsync(OutcomeFields.Lane(outcome.Lane), ct);
            await importer.WriteTextAsync(outcome.Provider, ct);
            await importer.WriteTextAsync(outcome.Deployment, ct);
            await importer.WriteTextOrNullAsync(outcome.ProviderModel, ct);
            await importer.WriteTextOrNullAsync(outcome.BatchId, ct);
            await importer.WriteTextOrNullAsync(outcome.CustomId, ct);
            await importer.WriteTextOrNullAsync(outcome.Error?.Code, ct);
            await importer.WriteTextOrNullAsync(outcome.Error?.Message, ct);
            await importer.WriteTextOrNullAsync(outcome.FinishReason, ct);
            await importer.WriteJsonbAsync(json.Messages(outcome.RedactedMessages), ct);
            await importer.WriteTextOrNullAsync(outcome.RedactedOutput, ct);
            await importer.WriteJsonbAsync(json.Attempts(outcome.Attempts), ct);
            await importer.WriteTextArrayAsync(outcome.ChecksRun, ct);
            await importer.WriteTextArrayAsync(outcome.ChecksFailed, ct);
            await importer.WriteAsync(usage.InputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(usage.OutputTokens, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(OutcomeFields.CostUsd(outcome.CostNanoUsd), NpgsqlDbType.Numeric, ct);
            await importer.WriteAsync(outcome.CacheHit, NpgsqlDbType.Boolean, ct);
            await importer.WriteTextOrNullAsync(outcome.PriceVersion, ct);
            await importer.WriteJsonbAsync(json.StageTimes(outcome.Times), ct);
            await importer.WriteTimestampAsync(OutcomeFields.CompletedAt(outcome.Times), ct);
        }

        await importer.CompleteAsync(ct);
    }
}
