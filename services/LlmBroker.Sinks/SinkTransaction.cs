using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Storage;
using Npgsql;

namespace LlmBroker.Sinks;

/// <summary>Writes a batch's rows and its consumer positions in one transaction (exactly-once effect).</summary>
internal static class SinkTransaction
{
    public static async Task WriteAsync(
        NpgsqlDataSource dataSource,
        SinkBatch<Outcome> batch,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> writeRows,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (batch.Messages.Count > 0)
        {
            await writeRows(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await ConsumerOffsetStore.SaveAsync(
            connection,
            transaction,
            batch.Group,
            batch.Positions.Select(p => new StoredOffset(p.Topic, p.Partition, p.NextOffset)).ToArray(),
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
