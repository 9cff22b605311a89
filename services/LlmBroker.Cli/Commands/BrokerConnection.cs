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
                environment.WithPrefix(CliEnvironment.KafkaPropertyPrefix));
    }

    public LlmBrokerClientOptions ClientOptions(string? replyTopic = null) => new()
    {
        BootstrapServers = BootstrapServers,
        TopicPrefix = TopicPrefix,
        Tenant = Tenant,
        App = App,
        ReplyTopic = replyTopic,
        KafkaProperties = KafkaProperties,
    };

    public KafkaOptions KafkaOptions() => new()
    {
        BootstrapServers = BootstrapServers,
        TopicPrefix = TopicPrefix,
        Properties = KafkaProperties,
        ClientId = "llmbroker-cli",
    };
}
