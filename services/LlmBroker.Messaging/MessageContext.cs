using Confluent.Kafka;

namespace LlmBroker.Messaging;

/// <summary>
/// What a handler may know about the message it is processing. Its position identifies the message
/// (a redelivery has the same position); committing offsets stays with the messaging library.
/// </summary>
public sealed class MessageContext
{
    internal MessageContext(string stage, string topic, string? key, Headers headers, DateTimeOffset timestamp, int partition = -1, long offset = -1)
    {
        Partition = partition;
        Offset = offset;
        Stage = stage;
        Topic = topic;
        Key = key;
        Headers = headers;
        Timestamp = timestamp;
    }

    /// <summary>Name of the stage processing the message.</summary>
    public string Stage { get; }

    /// <summary>Topic the message was read from.</summary>
    public string Topic { get; }

    /// <summary>Partition the message was read from; -1 when unknown.</summary>
    public int Partition { get; }

    /// <summary>Offset of the message in its partition; -1 when unknown. For identifying redeliveries only.</summary>
    public long Offset { get; }

    /// <summary>Message key as UTF-8 text, when present.</summary>
    public string? Key { get; }

    /// <summary>Message headers as received.</summary>
    public Headers Headers { get; }

    /// <summary>Broker or producer timestamp of the message.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>1 on the first attempt, 2 on the first retry, and so on.</summary>
    public int Attempt { get; internal set; } = 1;
}
