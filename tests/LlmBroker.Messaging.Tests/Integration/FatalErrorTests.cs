using LlmBroker.Testing.Kafka;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>A process-level failure stops the stage; it never turns a message into a dead letter.</summary>
public sealed class FatalErrorTests(ITestOutputHelper output)
{
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Fact]
    public async Task RunAsync_HandlerRunsOutOfMemory_StageStopsWithoutDeadLetterOrCommitPastTheMessage()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topics = await kafka.CreatePipelineTopicsAsync();
        var topic = await kafka.CreateTopicAsync("oom", partitions: 1);
        var group = TestKafka.UniqueGroup("oom");
        var produced = await TestMessages.ProduceToPartitionAsync(kafka, topic, 0, count: 5, tag: "m");
        var victim = produced[2];
        var calls = 0;
        using var offsets = new GroupOffsets(kafka, group, topic, partitions: 1);

        await using var runner = StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = group, MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(10) },
            (message, _, _) =>
            {
                if (message.RequestId == victim.Id)
                {
                    Interlocked.Increment(ref calls);
                    throw new OutOfMemoryException();
                }

                return Task.CompletedTask;
            },
            _logs,
            "oom-stage",
            topics.Prefix);

        await Eventually.TrueAsync(() => runner.Consumer.Faulted, "the stage to stop on the fatal error");
        await runner.StopAsync();

        Assert.Equal(1, calls);
        Assert.True(offsets.Committed()[0] <= victim.Offset, "nothing at or after the failed message is committed");
        using var probe = kafka.CreateConsumer(TestKafka.UniqueGroup("dlq-probe"));
        var deadLetters = probe.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(topics.Names.DeadLetters, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(0, deadLetters.High.Value);
    }
}
