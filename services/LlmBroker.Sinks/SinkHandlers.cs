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

/// <summary>
/// A sink step whose writer prepares its rows ahead (see <see cref="IPreparingOutcomeWriter"/>): the
/// rows are made while earlier batches are written, then written with the batch's positions.
/// </summary>
internal sealed class WritePreparedOutcomesHandler<TWriter>(NpgsqlDataSource dataSource, TWriter writer) : IBatchHandler<Outcome>, IBatchPreparer<Outcome>
    where TWriter : IPreparingOutcomeWriter
{
    public object? Prepare(SinkBatch<Outcome> batch) => writer.Prepare(batch.Messages);

    public Task HandleBatchAsync(SinkBatch<Outcome> batch, CancellationToken cancellationToken)
    {
        var prepared = batch.Prepared ?? writer.Prepare(batch.Messages);
        return SinkTransaction.WriteAsync(dataSource, batch, (c, t, ct) => writer.WritePreparedAsync(c, t, prepared, ct), cancellationToken);
    }
}
