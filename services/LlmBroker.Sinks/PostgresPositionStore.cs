using LlmBroker.Messaging;
using LlmBroker.Storage;
using Npgsql;

namespace LlmBroker.Sinks;

/// <summary>Sink positions stored in PostgreSQL next to the sink's rows.</summary>
internal sealed class PostgresPositionStore(NpgsqlDataSource dataSource) : IConsumerPositionStore
{
    private readonly ConsumerOffsetStore _offsets = new(dataSource);

    public async Task<IReadOnlyList<ConsumerPosition>> LoadAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        var stored = await _offsets.LoadAsync(group, topics, cancellationToken).ConfigureAwait(false);
        return stored.Select(p => new ConsumerPosition(p.Key.Topic, p.Key.Partition, p.Value)).ToArray();
    }
}
