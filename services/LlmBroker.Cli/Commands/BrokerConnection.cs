using LlmBroker.Cli.Infrastructure;
using LlmBroker.Client;
using LlmBroker.Messaging;

namespace LlmBroker.Cli.Commands;

/// <summary>How to reach the broker: command-line options first, then environment variables.</summary>
internal sealed record BrokerConnection(
    string BootstrapServers,
    string TopicPrefix,
    string Tenant,
    string App,
    Dictionary<string, string> KafkaProperties)
{
    /// <summary>Id of the key requests are signed with; null for unsigned requests.</summary>
    public string? KeyId { get; init; }

    /// <summary>The API key requests are signed with; never printed.</summary>
    public string? ApiKey { get; init; }

    /// <summary>An error when only one of the key variables is set; null otherwise.</summary>
    public static string? KeyError(CliEnvironment environment) =>
        (environment.Get(CliEnvironment.KeyId) is null) == (environment.Get(CliEnvironment.ApiKey) is null)
            ? null
            : $"set both {CliEnvironment.KeyId} and {CliEnvironment.ApiKey} to sign requests, or neither";

    public const string MissingBootstrap = "no Kafka bootstrap servers: pass --bootstrap or set Kafka__BootstrapServers";

    /// <summary>The topic prefix alone, for commands that do not connect.</summary>
    public static string ResolveTopicPrefix(BrokerSettings settings, CliEnvironment environment) =>
        settings.TopicPrefix ?? environment.Get(CliEnvironment.TopicPrefix) ?? "";

    /// <summary>The connection, or null when no bootstrap servers are configured.</summary>
    public static BrokerConnection? Resolve(BrokerSettings settings, CliEnvironment environment)
    {
        var bootstrap = settings.Bootstrap ?? environment.Get(CliEnvironment.BootstrapServers);
        return bootstrap is null
            ? null
            : new BrokerConnection(
                bootstrap,
                ResolveTopicPrefix(settings, environment),
                settings.Tenant ?? environment.Get(CliEnvironment.Tenant) ?? "default",
                settings.App ?? environment.Get(CliEnvironment.App) ?? "default",
                environment.WithPrefix(CliEnvironment.KafkaPropertyPrefix))
            {
                KeyId = environment.Get(CliEnvironment.KeyId),
                ApiKey = environment.Get(CliEnvironment.ApiKey),
            };
    }

    public LlmBrokerClientOptions ClientOptions(string? replyTopic = null) => new()
    {
        BootstrapServers = BootstrapServers,
        TopicPrefix = TopicPrefix,
        Tenant = Tenant,
        App = App,
        ReplyTopic = replyTopic,
        KafkaProperties = KafkaProperties,
        KeyId = KeyId,
        ApiKey = ApiKey,
    };

    public KafkaOptions KafkaOptions() => new()
    {
        BootstrapServers = BootstrapServers,
        TopicPrefix = TopicPrefix,
        Properties = KafkaProperties,
        ClientId = "llmbroker-cli",
    };
}
