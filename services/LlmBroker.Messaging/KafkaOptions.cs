using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Messaging;

/// <summary>How every stage of this process reaches Kafka.</summary>
public sealed class KafkaOptions
{
    /// <summary>Configuration section: <c>Kafka</c>.</summary>
    public const string SectionName = "Kafka";

    /// <summary>Bootstrap servers, <c>host:port[,host:port]</c>. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string BootstrapServers { get; set; } = "";

    /// <summary>Prefix added to every topic name (isolates environments and tests). Default: none.</summary>
    public string TopicPrefix { get; set; } = "";

    /// <summary>Client id reported to the brokers. Default: the process name.</summary>
    public string? ClientId { get; set; }

    /// <summary>Producer linger in milliseconds (batching window). Default: 5.</summary>
    [Range(0, 1000)]
    public int LingerMs { get; set; } = 5;

    /// <summary>Producer compression: none, gzip, snappy, lz4 or zstd. Default: lz4.</summary>
    [RegularExpression("^(none|gzip|snappy|lz4|zstd)$")]
    public string Compression { get; set; } = "lz4";

    /// <summary>
    /// Longest time a fetch waits for data when a consumer has caught up, in milliseconds: the floor
    /// of per-hop latency at low traffic. Default: 20.
    /// </summary>
    [Range(1, 10_000)]
    public int FetchWaitMaxMs { get; set; } = 20;

    /// <summary>
    /// Consumer group session timeout in milliseconds: how long a silent member keeps its partitions.
    /// Default: 30,000 (brokers accept 6,000 and up).
    /// </summary>
    [Range(1000, 3_600_000)]
    public int SessionTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// Extra librdkafka properties applied to every client (security.protocol, sasl.*, ssl.*...).
    /// Default: none.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = [];
}
