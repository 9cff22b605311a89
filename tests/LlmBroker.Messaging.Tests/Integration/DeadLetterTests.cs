using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using LlmBroker.Contracts.V1;
using LlmBroker.Testing.Kafka;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>Poison messages go to the dead-letter topic with their origin and never block their partition.</summary>
public sealed class DeadLetterTests(ITestOutputHelper output)
{
    private const string Stage = "dlq-test-stage";
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Fact]
    public async Task RunAsync_UndecodableBytes_DeadLetteredWithOriginAndPartitionContinues()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topics = await kafka.CreatePipelineTopicsAsync();
        var topic = await kafka.CreateTopicAsync("undecodable", partitions: 1);
        var group = TestKafka.UniqueGroup("undecodable");
        var before = await TestMessages.ProduceToPartitionAsync(kafka, topic, 0, count: 2, tag: "before");
        // Field 1 with wire type 7, which protobuf does not define.
        byte[] garbage = [0x0F, 0xDE, 0xAD, 0xBE, 0xEF];
        var poison = await TestMessages.ProduceRawAsync(kafka, topic, 0, key: "garbage-key", garbage);
        var after = await TestMessages.ProduceToPartitionAsync(kafka, topic, 0, count: 3, tag: "after");
        var log = new HandledLog();
        using var offsets = new GroupOffsets(kafka, group, topic, partitions: 1);

        await using (StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = group },
            (message, _, _) =>
            {
                log.Completed(message.RequestId);
                return Task.CompletedTask;
            },
            _logs,
            Stage,
            topics.Prefix))
        {
            await Eventually.TrueAsync(() => offsets.Committed()[0] == after[^1].Offset + 1, "the partition committed past the poison message");
            var letter = Assert.Single(await ReadDeadLettersAsync(kafka, topics.Names.DeadLetters));
            Assert.Equal(DeadLetterReasons.Undecodable, letter.Reason);
            Assert.Equal(garbage, letter.OriginalValue.ToByteArray());
            Assert.Equal("garbage-key", letter.OriginalKey.ToStringUtf8());
            Assert.Equal(topic, letter.SourceTopic);
            Assert.Equal(poison.Partition, letter.SourcePartition);
            Assert.Equal(poison.Offset, letter.SourceOffset);
            Assert.Equal(Stage, letter.Stage);
            Assert.NotEmpty(letter.Error);
        }

        Assert.All(before.Concat(after), p => Assert.Equal(1, log.CompletedCount(p.Id)));
        Assert.Equal(5, log.CompletedTotal);
    }

    [Fact]
    public async Task RunAsync_HandlerAlwaysThrows_DeadLetteredAfterMaxAttemptsAndLaterMessagesCommitted()
    {
        const int MaxAttempts = 3;
        var kafka = await KafkaEnvironment.GetAsync();
        var topics = await kafka.CreatePipelineTopicsAsync();
        var topic = await kafka.CreateTopicAsync("handler-fails", partitions: 1);
        var group = TestKafka.UniqueGroup("handler-fails");
        var produced = await TestMessages.ProduceToPartitionAsync(kafka, topic, 0, count: 10, tag: "m");
        var failing = produced[2];
        var attempts = new ConcurrentQueue<int>();
        var log = new HandledLog();
        using var offsets = new GroupOffsets(kafka, group, topic, partitions: 1);

        await using (StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = group, MaxAttempts = MaxAttempts, RetryDelay = TimeSpan.FromMilliseconds(10) },
            (message, context, _) =>
            {
                if (message.RequestId == failing.Id)
                {
                    attempts.Enqueue(context.Attempt);
                    throw new InvalidOperationException("provider exploded");
                }

                log.Completed(message.RequestId);
                return Task.CompletedTask;
            },
            _logs,
            Stage,
            topics.Prefix))
        {
            // The offset is committed only after the dead letter is acknowledged.
            await Eventually.TrueAsync(() => offsets.Committed()[0] == produced[^1].Offset + 1, "the partition committed to its end");
            var letter = Assert.Single(await ReadDeadLettersAsync(kafka, topics.Names.DeadLetters));
            Assert.Equal(DeadLetterReasons.HandlerFailed, letter.Reason);
            Assert.Equal(MaxAttempts, letter.Attempts);
            Assert.Contains("provider exploded", letter.Error);
            Assert.Equal(failing.Offset, letter.SourceOffset);
            Assert.Equal(failing.Id, letter.RequestId);
            Assert.Equal(TestMessages.Request(failing.Id), PromptRequest.Parser.ParseFrom(letter.OriginalValue));
        }

        Assert.Equal([1, 2, 3], attempts.ToArray());
        Assert.All(produced.Where(p => p != failing), p => Assert.Equal(1, log.CompletedCount(p.Id)));
    }

    [Fact]
    public async Task RunAsync_PoisonMessageException_DeadLetteredOnFirstAttempt()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topics = await kafka.CreatePipelineTopicsAsync();
        var topic = await kafka.CreateTopicAsync("poison", partitions: 1);
        var group = TestKafka.UniqueGroup("poison");
        var produced = await TestMessages.ProduceToPartitionAsync(kafka, topic, 0, count: 5, tag: "m");
        var poison = produced[1];
        var calls = 0;
        var log = new HandledLog();
        using var offsets = new GroupOffsets(kafka, group, topic, partitions: 1);

        await using (StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = group, MaxAttempts = 5, RetryDelay = TimeSpan.FromMilliseconds(10) },
            (message, _, _) =>
            {
                if (message.RequestId == poison.Id)
                {
                    Interlocked.Increment(ref calls);
                    throw new PoisonMessageException("tenant is missing");
                }

                log.Completed(message.RequestId);
                return Task.CompletedTask;
            },
            _logs,
            Stage,
            topics.Prefix))
        {
            // The offset is committed only after the dead letter is acknowledged.
            await Eventually.TrueAsync(() => offsets.Committed()[0] == produced[^1].Offset + 1, "the partition committed to its end");
            var letter = Assert.Single(await ReadDeadLettersAsync(kafka, topics.Names.DeadLetters));
            Assert.Equal(DeadLetterReasons.InvalidEnvelope, letter.Reason);
            Assert.Equal(1, letter.Attempts);
            Assert.Equal("tenant is missing", letter.Error);
            Assert.Equal(poison.Offset, letter.SourceOffset);
        }

        Assert.Equal(1, calls);
        Assert.All(produced.Where(p => p != poison), p => Assert.Equal(1, log.CompletedCount(p.Id)));
    }

    /// <summary>Every dead letter on <paramref name="topic"/> (the test's own dead-letter topic).</summary>
    private static async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(KafkaEnvironment kafka, string topic)
    {
        using var end = new GroupOffsets(kafka, $"reader-{Guid.NewGuid():N}", topic, partitions: 1);
        var records = await kafka.ConsumeAsync(topic, (int)end.EndOffsets()[0]);
        return records.Select(r =>
        {
            var message = new Message<byte[], byte[]> { Key = r.Message.Key!, Value = r.Message.Value!, Headers = r.Message.Headers };
            Assert.True(MessagingClients.TryDecode<DeadLetter>(message, out var letter, out var error), error);
            Assert.Equal(letter!.RequestId, r.Message.Key is null ? "" : Encoding.UTF8.GetString(r.Message.Key));
            return letter;
        }).ToArray();
    }
}
