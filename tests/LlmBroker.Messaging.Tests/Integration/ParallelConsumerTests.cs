using LlmBroker.Contracts.V1;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Testing.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>The parallel consume loop on the Kafka protocol: out-of-order completion, commit position, backpressure.</summary>
public sealed class ParallelConsumerTests(ITestOutputHelper output)
{
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Fact]
    public async Task RunAsync_OutOfOrderCompletionOverThreePartitions_HandlesEachOnceAndCommitsEndOffsets()
    {
        const int Count = 5000;
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("out-of-order", partitions: 3);
        var group = TestKafka.UniqueGroup("out-of-order");
        var produced = await TestMessages.ProduceAsync(kafka, topic, partitions: 3, Count);
        var log = new HandledLog();

        var configuration = TestKafka.HostConfiguration(kafka);
        configuration["Stages:ooo:GroupId"] = group;
        using var host = StageHost.Build(configuration, _logs, services => services
            .AddSingleton(new HandlerProbe(async (message, _, ct) =>
            {
                log.Started(message.RequestId);
                // Simulated work of random length, so completions come out of offset order.
                await Task.Delay(Random.Shared.Next(0, 4), ct);
                log.Completed(message.RequestId);
            }))
            .AddMessageHandler<PromptRequest, ProbeHandler>("ooo", _ => [topic]));

        await host.StartAsync();
        await Eventually.TrueAsync(() => log.UniqueCompleted == Count, $"{Count} messages handled", TimeSpan.FromSeconds(60));
        await host.StopAsync();

        Assert.Equal(Count, log.CompletedCounts.Count);
        Assert.All(produced, p => Assert.Equal(1, log.CompletedCount(p.Id)));
        Assert.Equal(Count, log.CompletedTotal);
        using var offsets = new GroupOffsets(kafka, group, topic, partitions: 3);
        Assert.Equal(offsets.EndOffsets(), offsets.Committed());
    }

    [Fact]
    public async Task RunAsync_OneMessageUnfinished_CommitStopsAtItUntilItCompletes()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("commit-hole", partitions: 3);
        var group = TestKafka.UniqueGroup("commit-hole");
        var produced = await TestMessages.ProduceAsync(kafka, topic, partitions: 3, count: 300);
        var blocked = produced.First(p => p.Partition == 1 && p.Offset == 20);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new HandledLog();
        using var offsets = new GroupOffsets(kafka, group, topic, partitions: 3);

        await using var stage = StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = group },
            async (message, _, ct) =>
            {
                log.Started(message.RequestId);
                if (message.RequestId == blocked.Id)
                {
                    await release.Task.WaitAsync(ct);
                }
                else
                {
                    await Task.Delay(Random.Shared.Next(0, 3), ct);
                }

                log.Completed(message.RequestId);
            },
            _logs);

        await Eventually.TrueAsync(() => log.UniqueCompleted == 299, "every message but the blocked one handled");
        await Eventually.TrueAsync(
            () =>
            {
                var committed = offsets.Committed();
                Assert.True(committed[1] <= blocked.Offset, $"partition 1 committed {committed[1]}, past the unfinished offset {blocked.Offset}");
                return committed[1] == blocked.Offset;
            },
            "partition 1 committed up to the blocked message");

        // Later messages of the same partition complete, and a later commit happens (partition 0
        // moves after them): partition 1 must still not pass the unfinished message.
        var later = await TestMessages.ProduceToPartitionAsync(kafka, topic, partition: 1, count: 20, tag: "later");
        await Eventually.TrueAsync(() => later.All(p => log.HasCompleted(p.Id)), "later messages of partition 1 handled");
        var marker = await TestMessages.ProduceToPartitionAsync(kafka, topic, partition: 0, count: 1, tag: "marker");
        await Eventually.TrueAsync(() => offsets.Committed()[0] == marker[0].Offset + 1, "a commit after the later messages");
        Assert.Equal(blocked.Offset, offsets.Committed()[1]);

        release.SetResult();
        var end = offsets.EndOffsets();
        await Eventually.TrueAsync(() => offsets.Committed().SequenceEqual(end), "every partition committed to its end once released");
        await stage.StopAsync();
        Assert.Equal(1, log.CompletedCount(blocked.Id));
    }

    [Fact]
    public async Task RunAsync_HandlersBlockedWithMaxInFlight50_NeverMoreThan50Concurrent()
    {
        const int Count = 200;
        const int MaxInFlight = 50;
        const int Wave = 25;
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("backpressure", partitions: 3);
        await TestMessages.ProduceAsync(kafka, topic, partitions: 3, Count);
        using var gate = new SemaphoreSlim(0);
        var concurrent = 0;
        var maxConcurrent = 0;
        var done = 0;

        await using var stage = StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = TestKafka.UniqueGroup("backpressure"), MaxInFlight = MaxInFlight, ResumeRatio = 0.8 },
            async (_, _, ct) =>
            {
                var now = Interlocked.Increment(ref concurrent);
                for (var seen = Volatile.Read(ref maxConcurrent); now > seen; seen = Volatile.Read(ref maxConcurrent))
                {
                    Interlocked.CompareExchange(ref maxConcurrent, now, seen);
                }

                try
                {
                    await gate.WaitAsync(ct);
                }
                finally
                {
                    Interlocked.Decrement(ref concurrent);
                }

                Interlocked.Increment(ref done);
            },
            _logs);

        // Release in waves larger than the gap between the limit and the resume point (40): each
        // wave lets the loop resume and fill up to the limit again, where it must pause. (Each
        // resume costs up to ~1 s on librdkafka: the fetcher notices a resumed partition late.)
        var released = 0;
        while (released < Count)
        {
            var expected = Math.Min(MaxInFlight, Count - released);
            await Eventually.TrueAsync(
                () =>
                {
                    Assert.True(Volatile.Read(ref maxConcurrent) <= MaxInFlight, $"{Volatile.Read(ref maxConcurrent)} handlers ran at once");
                    return Volatile.Read(ref done) == released && Volatile.Read(ref concurrent) == expected && stage.Consumer.InFlight == expected;
                },
                $"{expected} handlers waiting after {released} released");
            var wave = Math.Min(Wave, Count - released);
            gate.Release(wave);
            released += wave;
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref done) == Count, "every message handled after release");
        await stage.StopAsync();
        Assert.Equal(MaxInFlight, maxConcurrent);
    }
}
