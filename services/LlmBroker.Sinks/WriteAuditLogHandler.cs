using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Storage;
using Npgsql;

namespace LlmBroker.Sinks;

/// <summary>
/// The audit-writer step: appends a batch to the audit hash chains, one chain per source partition
/// (a partition has one reader at a time, so writers never wait on each other), and stores the
/// batch's positions in the same transaction.
/// </summary>
internal sealed class WriteAuditLogHandler(NpgsqlDataSource dataSource, AuditLogWriter writer) : IBatchHandler<Outcome>, IBatchPreparer<Outcome>
{
    /// <summary>Cleans, renders and hashes what it can while earlier batches are written.</summary>
    public object? Prepare(SinkBatch<Outcome> batch) => AuditLogWriter.Prepare(batch.Messages, Sources(batch));

    public Task HandleBatchAsync(SinkBatch<Outcome> batch, CancellationToken cancellationToken)
    {
        var prepared = batch.Prepared as AuditBatch ?? AuditLogWriter.Prepare(batch.Messages, Sources(batch));
        return SinkTransaction.WriteAsync(dataSource, batch, (c, t, ct) => writer.WriteAsync(c, t, prepared, ct), cancellationToken);
    }

    private static AuditSource[]? Sources(SinkBatch<Outcome> batch) =>
        batch.Sources?.Select(s => AuditSource.ForPartition(s.Topic, s.Partition, s.Offset)).ToArray();
}
