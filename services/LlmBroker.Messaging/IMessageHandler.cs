using Google.Protobuf;

namespace LlmBroker.Messaging;

/// <summary>
/// One pipeline step for one message type. The messaging library owns the consume loop: a handler
/// never sees consumers or offsets. The message counts as processed when the returned task
/// completes, so a handler must await the publication of its outputs before returning. Handlers are
/// called concurrently, many messages at a time, and must be thread-safe.
/// </summary>
public interface IMessageHandler<in T>
    where T : IMessage<T>
{
    /// <summary>Processes one message. Throw <see cref="PoisonMessageException"/> for a message
    /// that can never succeed; any other exception is retried, then dead-lettered.</summary>
    Task HandleAsync(T message, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A sink step that takes messages in batches and stores the batch's consumer positions in the same
/// transaction as its effects (exactly-once effect), through <see cref="SinkBatch{T}.Positions"/>.
/// </summary>
public interface IBatchHandler<T>
    where T : IMessage<T>
{
    /// <summary>Writes the batch and its positions atomically. Throwing retries the whole batch.</summary>
    Task HandleBatchAsync(SinkBatch<T> batch, CancellationToken cancellationToken);
}

/// <summary>
/// A batch handler that can do the part of its work that needs no database (encoding, hashing)
/// ahead: when a batch is complete the consume loop has <see cref="Prepare"/> run on the thread pool,
/// while it reads on and earlier batches are still being written, and the writer hands the result
/// over as <see cref="SinkBatch{T}.Prepared"/>.
/// </summary>
public interface IBatchPreparer<T>
    where T : IMessage<T>
{
    /// <summary>
    /// Prepares <paramref name="batch"/>; must not depend on earlier batches having been written.
    /// If it throws, the batch is handed over unprepared (<see cref="SinkBatch{T}.Prepared"/> null).
    /// </summary>
    object? Prepare(SinkBatch<T> batch);
}

/// <summary>Where a batch consumer's positions are stored (the sink's own database).</summary>
public interface IConsumerPositionStore
{
    /// <summary>The stored next offsets of a group for the given topics.</summary>
    Task<IReadOnlyList<ConsumerPosition>> LoadAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken);
}

/// <summary>The next offset to read for one partition.</summary>
public readonly record struct ConsumerPosition(string Topic, int Partition, long NextOffset);

/// <summary>Where one message of a batch was read: topic, partition and offset.</summary>
public readonly record struct MessageSource(string Topic, int Partition, long Offset);

/// <summary>Messages handed to a batch handler with the positions to store alongside them.</summary>
public sealed class SinkBatch<T>(
    string group,
    IReadOnlyList<T> messages,
    IReadOnlyList<ConsumerPosition> positions,
    IReadOnlyList<MessageSource>? sources = null)
{
    /// <summary>The consumer group the positions belong to.</summary>
    public string Group { get; } = group;

    /// <summary>Decoded messages, in partition order.</summary>
    public IReadOnlyList<T> Messages { get; } = messages;

    /// <summary>Next offsets per partition after this batch; store them with the batch's effects.</summary>
    public IReadOnlyList<ConsumerPosition> Positions { get; } = positions;

    /// <summary>
    /// Where each message was read (same order and count as <see cref="Messages"/>), or null when
    /// the batch was not read from Kafka.
    /// </summary>
    public IReadOnlyList<MessageSource>? Sources { get; } = sources;

    /// <summary>What the handler's <see cref="IBatchPreparer{T}"/> made of this batch, or null.</summary>
    public object? Prepared { get; internal set; }
}
