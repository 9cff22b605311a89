using Google.Protobuf;

namespace LlmBroker.Messaging;

/// <summary>Publishes protobuf messages with the pipeline's headers (type, schema version, trace).</summary>
public interface IMessagePublisher
{
    /// <summary>
    /// Publishes one message and completes when the broker has acknowledged it (idempotent producer,
    /// acks=all). The current trace context travels in the <c>traceparent</c> header.
    /// </summary>
    Task PublishAsync<T>(string topic, string key, T message, CancellationToken cancellationToken = default)
        where T : IMessage<T>;

    /// <summary>Waits until every message handed to the producer is acknowledged or the timeout passes.</summary>
    void Flush(TimeSpan timeout);
}
