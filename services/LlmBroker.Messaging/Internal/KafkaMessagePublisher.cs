using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using LlmBroker.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Messaging.Internal;

/// <summary>One idempotent producer shared by every stage of the process.</summary>
internal sealed partial class KafkaMessagePublisher : IMessagePublisher, IDisposable
{
    private static readonly byte[] s_schemaVersion = Encoding.UTF8.GetBytes(MessageHeaders.CurrentSchemaVersion);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly ILogger<KafkaMessagePublisher> _logger;
    private int _disposed;

    public KafkaMessagePublisher(IOptions<KafkaOptions> options, ILogger<KafkaMessagePublisher> logger, IHostApplicationLifetime? lifetime = null)
    {
        _logger = logger;
        _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(options.Value))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    LogFatal(_logger, error.Code, error.Reason);
                    lifetime?.StopApplication();
                }
                else
                {
                    LogError(_logger, error.Code, error.Reason);
                }
            })
            .SetLogHandler((_, message) => LogClient(_logger, message.Level.ToString(), message.Message))
            .Build();
    }

    public async Task PublishAsync<T>(string topic, string key, T message, CancellationToken cancellationToken = default)
        where T : IMessage<T>
    {
        var headers = new Headers
        {
            { MessageHeaders.MessageType, TypeNameBytes<T>.Value },
            { MessageHeaders.SchemaVersion, s_schemaVersion },
        };
        Tracing.Inject(headers);
        await _producer.ProduceAsync(
            topic,
            new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = message.ToByteArray(), Headers = headers },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes bytes as they are (dead letters keep their original bytes inside a message).</summary>
    public Task PublishRawAsync(string topic, byte[]? key, byte[] value, Headers headers, CancellationToken cancellationToken) =>
        _producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = key!, Value = value, Headers = headers }, cancellationToken);

    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Critical, Message = "Fatal producer error {Code}: {Reason}")]
    private static partial void LogFatal(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Producer error {Code}: {Reason}")]
    private static partial void LogError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "librdkafka {Level}: {Message}")]
    private static partial void LogClient(ILogger logger, string level, string message);

    private static class TypeNameBytes<T>
        where T : IMessage<T>
    {
        public static readonly byte[] Value = Encoding.UTF8.GetBytes(Activator.CreateInstance<T>().Descriptor.FullName);
    }
}
