using System.Collections.Concurrent;
using Confluent.Kafka;
using Google.Protobuf;
using LlmBroker.Contracts.V1;
using LlmBroker.Testing.Kafka;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>Members joining and leaving a group while messages are in flight.</summary>
public sealed class RebalanceTests(ITestOutputHelper output)
{
    private const int Partitions = 6;
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Fact]
    public async Task RunAsync_SecondMemberJoinsThenFirstLeavesUnderLoad_NoMessageLostAndOnlyUncommittedTailRepeated()
    {
        // High enough that the load never reaches it: this test is about handover, not backpressure.
        const int MaxInFlight = 1000;
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("rebalance-load", Partitions);
        var group = TestKafka.UniqueGroup("rebalance-load");
        var all = new HandledLog();
        var first = new HandledLog();
        var second = new HandledLog();
        Func<PromptRequest, MessageContext, CancellationToken, Task> Handler(HandledLog member) => async (message, _, ct) =>
        {
            // Simulated work: keeps a few dozen messages in flight per member.
            await Task.Delay(Random.Shared.Next(1, 20), ct);
            member.Completed(message.RequestId);
            all.Completed(message.RequestId);
        };
        var options = new ConsumerOptions { GroupId = group, MaxInFlight = MaxInFlight, DrainTimeout = TimeSpan.FromSeconds(20) };
        await using var load = LoadProducer.Start(kafka, topic, Partitions);

        await using var a = StageRunner.Start(kafka, topic, options, Handler(first), _logs, "member-a");
        await Eventually.TrueAsync(() => first.CompletedTotal >= 300, "the first member to be working");
        using var offsets = new GroupOffsets(kafka, group, topic, Partitions);
        await Eventually.TrueAsync(() => offsets.Committed().All(c => c > 0), "the first member to commit on every partition");
        var beforeJoin = offsets.Committed();

        await using var b = StageRunner.Start(kafka, topic, options, Handler(second), _logs, "member-b");
        await Eventually.TrueAsync(() => second.CompletedTotal >= 300, "the second member to get partitions and work");
        // From here on the first member only holds the partitions it kept.
        var mark = load.ProducedCount;
        int[] KeptByFirst() => load.ProducedSince(mark).Where(m => first.HasCompleted(m.Id)).Select(m => m.Partition).Distinct().ToArray();
        await Eventually.TrueAsync(() => KeptByFirst().Length == Partitions / 2, "the first member to keep working on half the partitions");

        await a.StopAsync();
        var kept = KeptByFirst();
        var stoppedAt = load.ProducedCount;
        await Eventually.TrueAsync(
            () => kept.All(p => load.ProducedSince(stoppedAt).Any(m => m.Partition == p && second.HasCompleted(m.Id))),
            "the second member to take over the partitions the first one handed back");

        await load.StopAsync();
        var produced = load.ProducedSince(0);
        await Eventually.TrueAsync(() => produced.All(m => all.HasCompleted(m.Id)), $"all {produced.Count} messages handled", TimeSpan.FromSeconds(60));
        await b.StopAsync();

        var duplicates = produced.Where(m => all.CompletedCount(m.Id) > 1).ToArray();
        output.WriteLine(
            $"{produced.Count} produced, first member {first.CompletedTotal}, second member {second.CompletedTotal}, " +
            $"duplicates {duplicates.Length} (partitions {string.Join(',', duplicates.Select(m => m.Partition).Distinct().Order())}), " +
            $"committed before the join {string.Join(',', beforeJoin)}");
        Assert.DoesNotContain(produced, m => !all.HasCompleted(m.Id));
        Assert.Equal(produced.Count, all.UniqueCompleted);
        // At-least-once, bounded: only the uncommitted tail of a partition that changed owner while the
        // group rebalanced runs twice (the mock refuses commits while a rebalance is in progress). What
        // was committed is never handed out again, and the graceful leave (drain, commit, close) hands
        // its partitions over without a single duplicate.
        Assert.All(duplicates, m =>
        {
            Assert.DoesNotContain(m.Partition, kept);
            Assert.True(m.Offset >= beforeJoin[m.Partition], $"{m.Id} at offset {m.Offset} was committed ({beforeJoin[m.Partition]}) but handled twice");
            Assert.Equal(2, all.CompletedCount(m.Id));
        });
        Assert.Equal(offsets.EndOffsets(), offsets.Committed());
    }

    [Fact]
    public async Task RunAsync_PartitionRevokedWithMessageBlockedBeyondDrainTimeout_NewOwnerProcessesItAgain()
    {
        const long BlockedOffset = 3;
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("rebalance-blocked", Partitions);
        var group = TestKafka.UniqueGroup("rebalance-blocked");
        var produced = await TestMessages.ProduceAsync(kafka, topic, Partitions, count: 10 * Partitions);
        var byId = produced.ToDictionary(p => p.Id);
        var blocked = produced.Where(p => p.Offset == BlockedOffset).Select(p => p.Id).ToHashSet();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new HandledLog();
        var second = new HandledLog();
        var cancelledInFirst = new ConcurrentDictionary<string, bool>();
        using var offsets = new GroupOffsets(kafka, group, topic, Partitions);

        await using var a = StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = group, DrainTimeout = TimeSpan.FromMilliseconds(300) },
            async (message, _, ct) =>
            {
                first.Started(message.RequestId);
                if (blocked.Contains(message.RequestId))
                {
                    try
                    {
                        await release.Task.WaitAsync(ct);
                    }
                    catch (OperationCanceledException)
                    {
                        cancelledInFirst[message.RequestId] = true;
                        throw;
                    }
                }

                first.Completed(message.RequestId);
            },
            _logs,
            "member-a");

        await Eventually.TrueAsync(
            () => first.CompletedTotal == produced.Count - Partitions && blocked.All(id => first.StartedCount(id) == 1),
            "the first member to finish everything but one blocked message per partition");
        await Eventually.TrueAsync(
            () =>
            {
                var committed = offsets.Committed();
                Assert.All(committed, c => Assert.True(c <= BlockedOffset, $"committed {c}, past an unfinished message"));
                return committed.All(c => c == BlockedOffset);
            },
            "every partition committed up to its blocked message");

        await using var b = StageRunner.Start(
            kafka,
            topic,
            new ConsumerOptions { GroupId = group },
            (message, _, _) =>
            {
                second.Completed(message.RequestId);
                return Task.CompletedTask;
            },
            _logs,
            "member-b");

        IEnumerable<int> PartitionsOfSecond() => second.CompletedCounts.Keys.Select(id => byId[id].Partition).Distinct();
        await Eventually.TrueAsync(
            () => PartitionsOfSecond().Count() == Partitions / 2 &&
                PartitionsOfSecond().All(p => produced.Where(m => m.Partition == p && m.Offset >= BlockedOffset).All(m => second.HasCompleted(m.Id))),
            "the second member to take half the partitions and process them from the blocked message on");

        var moved = PartitionsOfSecond().ToHashSet();
        foreach (var partition in moved)
        {
            var blockedId = produced.Single(m => m.Partition == partition && m.Offset == BlockedOffset).Id;
            // The first owner never finished it: the revoke cancelled it and left it uncommitted.
            Assert.True(cancelledInFirst.ContainsKey(blockedId), $"blocked message of partition {partition} was not cancelled in the first member");
            Assert.False(first.HasCompleted(blockedId));
            Assert.Equal(1, second.CompletedCount(blockedId));
        }

        // What the first member had committed is never handed out again.
        Assert.All(second.CompletedCounts.Keys, id => Assert.True(byId[id].Offset >= BlockedOffset, $"{id} was committed but processed again"));

        release.SetResult();
        var end = offsets.EndOffsets();
        await Eventually.TrueAsync(() => offsets.Committed().SequenceEqual(end), "every partition committed to its end");
        await b.StopAsync();
        await a.StopAsync();

        foreach (var message in produced)
        {
            var times = first.CompletedCount(message.Id) + second.CompletedCount(message.Id);
            // Messages after the blocked one on a moved partition were finished by the first member but
            // could not be committed past the hole: the new owner runs them again (at-least-once).
            var expected = moved.Contains(message.Partition) && message.Offset > BlockedOffset ? 2 : 1;
            Assert.True(expected == times, $"{message.Id} (partition {message.Partition}, offset {message.Offset}) handled {times} times, expected {expected}");
        }
    }

    /// <summary>Produces messages to every partition at a steady pace until stopped (the load of a live topic).</summary>
    private sealed class LoadProducer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Produced> _produced = [];
        private readonly Lock _lock = new();
        private readonly Task _run;

        private LoadProducer(KafkaEnvironment kafka, string topic, int partitions) =>
            _run = Task.Run(() => RunAsync(kafka, topic, partitions));

        public int ProducedCount
        {
            get { lock (_lock) { return _produced.Count; } }
        }

        public static LoadProducer Start(KafkaEnvironment kafka, string topic, int partitions) => new(kafka, topic, partitions);

        /// <summary>Acknowledged messages from the <paramref name="index"/>-th on.</summary>
        public IReadOnlyList<Produced> ProducedSince(int index)
        {
            lock (_lock)
            {
                return _produced.Skip(index).ToArray();
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _run;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task RunAsync(KafkaEnvironment kafka, string topic, int partitions)
        {
            using var producer = kafka.CreateProducer(c => c.EnableIdempotence = true);
            var next = 0;
            while (!_stop.IsCancellationRequested)
            {
                var batch = new List<Task<DeliveryResult<byte[]?, byte[]?>>>();
                for (var i = 0; i < 10 * partitions; i++, next++)
                {
                    var id = $"live-{next}";
                    batch.Add(producer.ProduceAsync(new TopicPartition(topic, next % partitions), TestMessages.Message(id, TestMessages.Request(id).ToByteArray())));
                }

                // Only acknowledged messages count as produced; the batch is awaited in full.
                foreach (var delivery in await Task.WhenAll(batch))
                {
                    lock (_lock)
                    {
                        _produced.Add(new Produced(System.Text.Encoding.UTF8.GetString(delivery.Message.Key!), delivery.Partition.Value, delivery.Offset.Value));
                    }
                }

                try
                {
                    await Task.Delay(20, _stop.Token); // pacing of the load, not synchronisation
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
