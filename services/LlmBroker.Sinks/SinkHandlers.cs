using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Storage;
using Npgsql;

namespace LlmBroker.Sinks;

/// <summary>
/// A sink step: writes a batch of outcomes with one writer (audit log, usage ledger and rollup,
/// response cache) and stores the batch's positions in the same transaction.
/// </summary>
internal sealed class WriteOutcomesHandler<TWriter>(NpgsqlDataSource dataSource, TWriter writer) : IBatchHandler<Outcome>
    where TWriter : IOutcomeWriter
{
    public Task HandleBatchAsync(SinkBatch<Outcome> batch, CancellationToken cancellationToken) =>
        SinkTransaction.WriteAsync(dataSource, batch, (c, t, ct) => writer.WriteAsync(c, t, batch.Messages, ct), cancellationToken);
}
