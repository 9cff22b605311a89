using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Storage;

/// <summary>
/// Kafka offsets of the PostgreSQL sinks, kept in <c>consumer_offsets</c> and saved in the same
/// transaction as the rows they produced: after a crash a sink resumes exactly after what it
/// committed (an exactly-once effect over at-least-once delivery).
/// </summary>
/// <param name="dataSource">A data source whose search_path is the storage schema (see <see cref="PostgresDataSources"/>).</param>
public sealed class ConsumerOffsetStore(NpgsqlDataSource dataSource)
{
    private const string LoadSql =
        "SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = @group";

    // One statement for any number of partitions. The stored offset is overwritten, not maximized:
    // what was written decides, and a lower offset only causes idempotent re-processing.
    private const string SaveSql = """
        INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
        SELECT @group, u.topic, u.partition, u.next_offset, now()
        FROM unnest(@topics, @partitions, @offsets) AS u(topic, partition, next_offset)
        ON CONFLICT (consumer_group, topic, partition)
        DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at
        """;

    private readonly NpgsqlDataSource _dataSource = dataSource;

    /// <summary>The stored next offsets of <paramref name="consumerGroup"/>; empty when it has none.</summary>
    public Task<IReadOnlyDictionary<TopicPartitionKey, long>> LoadAsync(
        string consumerGroup, CancellationToken cancellationToken) =>
        LoadAsync(consumerGroup, topics: null, cancellationToken);

    /// <summary>
    /// The stored next offsets of <paramref name="consumerGroup"/> for <paramref name="topics"/>
    /// (every topic when null); empty when it has none.
    /// </summary>
    public async Task<IReadOnlyDictionary<TopicPartitionKey, long>> LoadAsync(
        string consumerGroup, IReadOnlyCollection<string>? topics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        await using var command = _dataSource.CreateCommand(
            topics is null ? LoadSql : LoadSql + " AND topic = ANY(@topics)");
        command.Parameters.AddWithValue("group", consumerGroup);
        if (topics is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("topics", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = topics.ToArray() });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var offsets = new Dictionary<TopicPartitionKey, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            offsets[new TopicPartitionKey(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        }

        return offsets;
    }

    /// <summary>
    /// Deletes the stored offsets of every consumer group for <paramref name="topics"/>, so the sinks
    /// start those topics from their beginning. For a Kafka cluster that was replaced by an empty one
    /// (an in-memory development cluster restarted): offsets of the old cluster would skip messages
    /// of the new one. Returns the number of partition offsets deleted.
    /// </summary>
    public async Task<int> ForgetTopicsAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        await using var command = _dataSource.CreateCommand("DELETE FROM consumer_offsets WHERE topic = ANY(@topics)");
        command.Parameters.Add(new NpgsqlParameter("topics", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = topics.ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Upserts <paramref name="offsets"/> for <paramref name="consumerGroup"/> in one statement inside
    /// the caller's transaction; they become visible only when it commits. When the same partition
    /// appears more than once, the last entry wins.
    /// </summary>
    public static async Task SaveAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string consumerGroup,
        IReadOnlyCollection<StoredOffset> offsets,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        if (offsets.Count == 0)
        {
            return;
        }

        // ON CONFLICT DO UPDATE may not touch a row twice in one statement: keep one entry per partition.
        var latest = new Dictionary<TopicPartitionKey, long>(offsets.Count);
        foreach (var offset in offsets)
        {
            latest[new TopicPartitionKey(offset.Topic, offset.Partition)] = offset.NextOffset;
        }

        var topics = new string[latest.Count];
        var partitions = new int[latest.Count];
        var nextOffsets = new long[latest.Count];
        var i = 0;
        foreach (var (key, nextOffset) in latest)
        {
            topics[i] = key.Topic;
            partitions[i] = key.Partition;
            nextOffsets[i] = nextOffset;
            i++;
        }

        await using var command = new NpgsqlCommand(SaveSql, connection, transaction);
        command.Parameters.AddWithValue("group", consumerGroup);
        command.Parameters.Add(new NpgsqlParameter("topics", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = topics });
        command.Parameters.Add(new NpgsqlParameter("partitions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = partitions });
        command.Parameters.Add(new NpgsqlParameter("offsets", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = nextOffsets });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
