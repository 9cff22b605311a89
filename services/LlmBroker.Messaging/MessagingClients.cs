using Confluent.Kafka;
using Google.Protobuf;
using LlmBroker.Messaging.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmBroker.Messaging;

/// <summary>Building blocks for code outside a hosted stage (the client library, the CLI, tools).</summary>
public static class MessagingClients
{
    /// <summary>Creates a publisher with its own idempotent producer. Dispose it when done.</summary>
    public static IMessagePublisher CreatePublisher(KafkaOptions options, ILoggerFactory? loggers = null) =>
        new KafkaMessagePublisher(Options.Create(options), (loggers ?? NullLoggerFactory.Instance).CreateLogger<KafkaMessagePublisher>());

    /// <summary>A consumer configuration with the pipeline's settings for <paramref name="groupId"/>.</summary>
    public static ConsumerConfig ConsumerConfig(KafkaOptions options, string groupId) => KafkaClientConfig.Consumer(options, groupId);

    /// <summary>An admin client configuration for the cluster of <paramref name="options"/>.</summary>
    public static AdminClientConfig AdminConfig(KafkaOptions options)
    {
        var config = new AdminClientConfig(options.Properties) { BootstrapServers = options.BootstrapServers };
        return config;
    }

    /// <summary>Decodes a consumed message (binary protobuf, or protobuf JSON when its content-type says so).</summary>
    public static bool TryDecode<T>(Message<byte[], byte[]> message, out T? decoded, out string error)
        where T : class, IMessage<T>, new() =>
        ProtobufCodec<T>.TryDecode(message.Value, message.Headers, out decoded, out error);
}
