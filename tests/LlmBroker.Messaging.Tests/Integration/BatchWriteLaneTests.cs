using LlmBroker.Contracts.V1;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Testing.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>Sinks read while they write, over write lanes, and hand partitions over only once their batches are written.</summary>
public sealed class BatchWriteLaneTests(ITestOutputHelper output)
{
    private const string Stage = "sink";
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Fact]
    public async Task RunAsync_TwoWriteLanes_WritesBatchesOfTwoLanesAtOnce()
    {
        const int Partitions = 4;
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("sink-lanes", Partitions);
        var group = TestKafka.UniqueGroup("sink-lanes");
        var produced = await TestMessages.ProduceAsync(kafka, topic, Partitions, count: 200);
        var sink = new SharedSink();
        using var offsets = new GroupOffsets(kafka, group, topic, Partitions);
        var end = offsets.EndOffsets();
        // The first batch waits until another batch is being written at the same time: with one
        // writer at a time it would never be, and the test would fail on the deadline.
        var overlapped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstCall = 0;
        var writing = 0;
        var mostAtOnce = 0;

        // Batches are large enough that one lane's waiting batches never hold the loop up before the
        // other lane has one: each is handed over on its lane's deadline.
        using var host = Build(kafka, topic, group, sink, "a", maxBatchSize: 1000, async (_, ct) =>
        {
            var now = Interlocked.Increment(ref writing);
            InterlockedMax(ref mostAtOnce, now);
            try
            {
                if (Interlocked.Exchange(ref firstCall, 1) == 0)
                {
                    await overlapped.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
                }
                else
                {
                    overlapped.TrySetResult();
                }
            }
            finally
            {
                Interlocked.Decrement(ref writing);
            }
        });
        await host.StartAsync();
        await Eventually.TrueAsync(() => Enumerable.Range(0, Partitions).All(p => sink.Position(p) == end[p]), "the sink's positions at the end of the topic");
        await host.StopAsync();

        Assert.Equal(2, Volatile.Read(ref mostAtOnce));
        Assert.Equal(produced.Select(m => m.Id).Order(), sink.Rows.Order());
        sink.AssertEachPartitionWrittenInOrder();
    }

    [Fact]
    public async Task RunAsync_SecondMemberJoinsWhileBatchesAreQueued_NoBatchWrittenAfterItsPartitionsWent()
    {
        const int Partitions = 4;
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("sink-handover", Partitions);
        var group = TestKafka.UniqueGroup("sink-handover");
        var produced = await TestMessages.ProduceAsync(kafka, topic, Partitions, count: 2000);
        var sink = new SharedSink();
        using var offsets = new GroupOffsets(kafka, group, topic, Partitions);
        var end = offsets.EndOffsets();
        // A slow database: every batch takes a while, so batches wait in the lanes when the group rebalances.
        Func<SinkBatch<PromptRequest>, CancellationToken, Task> slow = (_, ct) => Task.Delay(50, ct);

        using var a = Build(kafka, topic, group, sink, "a", maxBatchSize: 10, slow);
        await a.StartAsync();
        await Eventually.TrueAsync(() => sink.Batches("a") >= 3, "the first member to write");
        using var b = Build(kafka, topic, group, sink, "b", maxBatchSize: 10, slow);
        await b.StartAsync();
        await Eventually.TrueAsync(
            () => Enumerable.Range(0, Partitions).All(p => sink.Position(p) == end[p]), "the sink's positions at the end of the topic", TimeSpan.FromSeconds(60));
        await b.StopAsync();
        await a.StopAsync();

        output.WriteLine($"batches: a {sink.Batches("a")}, b {sink.Batches("b")}");
        Assert.True(sink.Batches("b") > 0, "the second member got no partition");
        // Every message stored once: the first member wrote all it had read before giving partitions
        // up, and the second resumed exactly after it.
        Assert.Equal(produced.Select(m => m.Id).Order(), sink.Rows.Order());
        // A batch written after its partition went to the other member would move a position back.
        sink.AssertEachPartitionWrittenInOrder();
    }

    [Fact]
    public async Task RunAsync_HandlerPreparesBatches_GetsEachBatchPreparedOrUnpreparedWhenPrepareFails()
    {
        const int Partitions = 2;
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("sink-prepare", Partitions);
        var group = TestKafka.UniqueGroup("sink-prepare");
        var produced = await TestMessages.ProduceAsync(kafka, topic, Partitions, count: 100);
        var sink = new SharedSink();
        var handler = new PreparingHandler(sink);
        using var offsets = new GroupOffsets(kafka, group, topic, Partitions);
        var end = offsets.EndOffsets();
        var configuration = TestKafka.HostConfiguration(kafka);
        configuration[$"Stages:{Stage}:GroupId"] = group;
        configuration[$"Stages:{Stage}:MaxBatchSize"] = "10";
        configuration[$"Stages:{Stage}:MaxBatchWait"] = "00:00:00.050";
        using var host = StageHost.Build(configuration, _logs, services => services
            .AddSingleton(sink)
            .AddSingleton(handler)
            .AddBatchHandler<PromptRequest, PreparingHandlerAdapter, SharedSink>(Stage, _ => [topic]));

        await host.StartAsync();
        await Eventually.TrueAsync(() => Enumerable.Range(0, Partitions).All(p => sink.Position(p) == end[p]), "the sink's positions at the end of the topic");
        await host.StopAsync();

        Assert.Equal(produced.Select(m => m.Id).Order(), sink.Rows.Order());
        var seen = handler.Seen;
        Assert.NotEmpty(seen);
        // The first Prepare call throws: that batch comes unprepared, every other one with what
        // Prepare made of exactly its messages. Batches are prepared on the thread pool, so the one
        // whose Prepare failed need not be the first one written.
        Assert.Single(seen, s => s.Prepared is null);
        Assert.All(seen.Where(s => s.Prepared is not null), s => Assert.Equal(string.Join(',', s.Ids), s.Prepared));
        Assert.Equal(1, _logs.Count(1307));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
            seen = Volatile.Read(ref target);
        }
    }

    private IHost Build(
        KafkaEnvironment kafka, string topic, string group, SharedSink sink, string member, int maxBatchSize, Func<SinkBatch<PromptRequest>, CancellationToken, Task> before)
    {
        var configuration = TestKafka.HostConfiguration(kafka);
        configuration[$"Stages:{Stage}:GroupId"] = group;
        configuration[$"Stages:{Stage}:MaxBatchSize"] = maxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration[$"Stages:{Stage}:MaxBatchWait"] = "00:00:00.050";
        configuration[$"Stages:{Stage}:WriteLanes"] = "2";
        return StageHost.Build(configuration, _logs, services => services
            .AddSingleton(sink)
            .AddSingleton(new Member(member, before))
            .AddBatchHandler<PromptRequest, SharedSinkHandler, SharedSink>(Stage, _ => [topic]));
    }

    /// <summary>Prepares a batch as the list of its ids; the first Prepare fails.</summary>
    private sealed class PreparingHandler(SharedSink sink)
    {
        private readonly Lock _lock = new();
        private readonly List<(string[] Ids, object? Prepared)> _seen = [];
        private int _prepares;

        public IReadOnlyList<(string[] Ids, object? Prepared)> Seen
        {
            get { lock (_lock) { return _seen.ToArray(); } }
        }

        public object? Prepare(SinkBatch<PromptRequest> batch) =>
            Interlocked.Increment(ref _prepares) == 1
                ? throw new InvalidOperationException("cannot prepare")
                : string.Join(',', batch.Messages.Select(m => m.RequestId));

        public void Write(SinkBatch<PromptRequest> batch)
        {
            lock (_lock)
            {
                _seen.Add((batch.Messages.Select(m => m.RequestId).ToArray(), batch.Prepared));
            }

            sink.Write("a", batch);
        }
    }

    private sealed class PreparingHandlerAdapter(PreparingHandler handler) : IBatchHandler<PromptRequest>, IBatchPreparer<PromptRequest>
    {
        public object? Prepare(SinkBatch<PromptRequest> batch) => handler.Prepare(batch);

        public Task HandleBatchAsync(SinkBatch<PromptRequest> batch, CancellationToken cancellationToken)
        {
            handler.Write(batch);
            return Task.CompletedTask;
        }
    }

    private sealed record Member(string Name, Func<SinkBatch<PromptRequest>, CancellationToken, Task> Before);

    private sealed class SharedSinkHandler(SharedSink sink, Member member) : IBatchHandler<PromptRequest>
    {
        public async Task HandleBatchAsync(SinkBatch<PromptRequest> batch, CancellationToken cancellationToken)
        {
            await member.Before(batch, cancellationToken);
            sink.Write(member.Name, batch);
        }
    }

    /// <summary>One database shared by the members: rows and positions change together, in write order.</summary>
    private sealed class SharedSink : IConsumerPositionStore
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<int, long> _positions = [];
        private readonly List<string> _rows = [];
        private readonly List<(string Member, int Partition, long Next)> _writes = [];

        public IReadOnlyList<string> Rows
        {
            get { lock (_lock) { return _rows.ToArray(); } }
        }

        public Task<IReadOnlyList<ConsumerPosition>> LoadAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                IReadOnlyList<ConsumerPosition> positions = _positions.Select(p => new ConsumerPosition(topics.Single(), p.Key, p.Value)).ToArray();
                return Task.FromResult(positions);
            }
        }

        public void Write(string member, SinkBatch<PromptRequest> batch)
        {
            lock (_lock)
            {
                _rows.AddRange(batch.Messages.Select(m => m.RequestId));
                foreach (var position in batch.Positions)
                {
                    _positions[position.Partition] = position.NextOffset;
                    _writes.Add((member, position.Partition, position.NextOffset));
                }
            }
        }

        public long Position(int partition)
        {
            lock (_lock)
            {
                return _positions.TryGetValue(partition, out var next) ? next : -1;
            }
        }

        public int Batches(string member)
        {
            lock (_lock)
            {
                return _writes.Count(w => w.Member == member);
            }
        }

        public void AssertEachPartitionWrittenInOrder()
        {
            lock (_lock)
            {
                foreach (var partition in _writes.GroupBy(w => w.Partition))
                {
                    var positions = partition.Select(w => w.Next).ToArray();
                    Assert.True(
                        positions.Zip(positions.Skip(1)).All(p => p.Second > p.First),
                        $"partition {partition.Key} positions out of order: {string.Join(',', partition.Select(w => $"{w.Member}:{w.Next}"))}");
                }
            }
        }
    }
}
