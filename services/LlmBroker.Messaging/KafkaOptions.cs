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
    /// Extra librdkafka properties applied to every client (security.protocol, sasl.*, ssl.*...).
    /// Default: none.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = [];
}
