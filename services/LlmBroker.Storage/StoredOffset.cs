namespace LlmBroker.Storage;

/// <summary>The next offset to read from one partition of one topic, as stored by a sink.</summary>
/// <param name="Topic">Kafka topic.</param>
/// <param name="Partition">Partition number.</param>
/// <param name="NextOffset">The offset of the next message to read (last written message + 1).</param>
public sealed record StoredOffset(string Topic, int Partition, long NextOffset);

/// <summary>One partition of one topic (a dictionary key; Confluent.Kafka's TopicPartition without the dependency).</summary>
/// <param name="Topic">Kafka topic.</param>
/// <param name="Partition">Partition number.</param>
public readonly record struct TopicPartitionKey(string Topic, int Partition);
