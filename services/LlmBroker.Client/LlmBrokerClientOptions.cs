using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Client;

/// <summary>Settings of a <see cref="LlmBrokerClient"/>.</summary>
public sealed class LlmBrokerClientOptions
{
    /// <summary>Configuration section: <c>LlmBroker</c>.</summary>
    public const string SectionName = "LlmBroker";

    /// <summary>Kafka bootstrap servers. Required.</summary>
    [Required(AllowEmptyStrings = false)]
    public string BootstrapServers { get; set; } = "";

    /// <summary>Topic prefix of the deployment. Default: none.</summary>
    public string TopicPrefix { get; set; } = "";

    /// <summary>Tenant stamped on requests that name none. Default: <c>default</c>.</summary>
    public string Tenant { get; set; } = "default";

    /// <summary>App stamped on requests that name none. Default: <c>default</c>.</summary>
    public string App { get; set; } = "default";

    /// <summary>
    /// Topic this client reads its results from (request/reply). Default: the shared results topic;
    /// services with much traffic should use a topic of their own.
    /// </summary>
    public string? ReplyTopic { get; set; }

    /// <summary>Most requests handed to the producer and not yet acknowledged in a bulk submit. Default: 20,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxPendingSubmits { get; set; } = 20_000;

    /// <summary>Id of the app's API key (e.g. <c>key_0123456789abcdef</c>); required with <see cref="ApiKey"/>.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// The app's API key (<c>lbk_…</c>). When set, every request is signed (see README "Signing
    /// requests"); the key itself never leaves the process. Default: none (unsigned).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Extra librdkafka properties (security settings...). Default: none.</summary>
    public Dictionary<string, string> KafkaProperties { get; set; } = [];
}
