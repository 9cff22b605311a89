using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using LlmBroker.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Messaging.Internal;

/// <summary>
/// Sends messages a stage cannot process to the dead-letter topic with their original bytes and
/// origin. Keeps trying until the dead letter is acknowledged: a message is never dropped, and its
/// offset is not committed before its dead letter is safe.
/// </summary>
internal sealed partial class DeadLetterWriter(
    IMessagePublisher publisher,
    TopicNames topics,
    TimeProvider time,
    ILogger<DeadLetterWriter> logger)
{
    public async Task WriteAsync(
        string stage,
        string topic,
        int partition,
        long offset,
        byte[]? key,
        byte[]? value,
        Headers? headers,
        string reason,
        string error,
        int attempts,
        CancellationToken cancellationToken)
    {
        var letter = new DeadLetter
        {
            SourceTopic = topic,
            SourcePartition = partition,
            SourceOffset = offset,
            Stage = stage,
            Reason = reason,
            Error = error,
            OriginalKey = key is null ? ByteString.Empty : ByteString.CopyFrom(key),
            OriginalValue = value is null ? ByteString.Empty : ByteString.CopyFrom(value),
            FailedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            Attempts = attempts,
            RequestId = key is null ? "" : Encoding.UTF8.GetString(key),
        };
        if (headers is not null)
        {
            foreach (var header in headers)
            {
                letter.OriginalHeaders[header.Key] = ByteString.CopyFrom(header.GetValueBytes() ?? []);
            }
        }

        LogDeadLetter(logger, stage, topic, partition, offset, reason, error);
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await publisher.PublishAsync(topics.DeadLetters, letter.RequestId, letter, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                LogRetry(logger, topics.DeadLetters, e.Error.Reason);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Dead letter from {Stage}: {Topic}[{Partition}]@{Offset} {Reason}: {Error}")]
    private static partial void LogDeadLetter(ILogger logger, string stage, string topic, int partition, long offset, string reason, string error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Cannot publish dead letter to {Topic} ({Reason}); retrying")]
    private static partial void LogRetry(ILogger logger, string topic, string reason);
}
