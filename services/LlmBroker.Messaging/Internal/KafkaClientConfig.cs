using Confluent.Kafka;

namespace LlmBroker.Messaging.Internal;

/// <summary>Builds librdkafka configurations from <see cref="KafkaOptions"/>.</summary>
internal static class KafkaClientConfig
{
    public static ProducerConfig Producer(KafkaOptions options)
    {
        var config = new ProducerConfig(Common(options))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = options.LingerMs,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 1_000_000,
            CompressionType = Enum.Parse<CompressionType>(options.Compression, ignoreCase: true),
        };
        return config;
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string groupId)
    {
        var config = new ConsumerConfig(Common(options))
        {
            GroupId = groupId,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1000,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            IsolationLevel = IsolationLevel.ReadCommitted,
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = Math.Max(100, options.SessionTimeoutMs / 6),
            FetchWaitMaxMs = options.FetchWaitMaxMs,
        };

        // Defaults that Kafka:Properties may still override: a bounded prefetch queue, and, once it is
        // at that bound, 20 ms before the next fetch of a partition (librdkafka's default is 1 s: a
        // sink reading a backlog read ~30,000 outcomes, then waited 0.4-0.6 s for more, again and again).
        config.Set("queued.max.messages.kbytes", options.Properties.GetValueOrDefault("queued.max.messages.kbytes", "16384"));
        config.Set("fetch.queue.backoff.ms", options.Properties.GetValueOrDefault("fetch.queue.backoff.ms", "20"));
        return config;
    }

    private static Dictionary<string, string> Common(KafkaOptions options)
    {
        var settings = new Dictionary<string, string>(options.Properties)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
            ["client.id"] = options.ClientId ?? (Environment.ProcessPath is { } path ? Path.GetFileNameWithoutExtension(path) : "llmbroker"),
        };
        return settings;
    }
}
