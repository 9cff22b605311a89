using LlmBroker.Contracts.V1;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Testing.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>Sinks that store their rows and positions together resume from their own positions.</summary>
public sealed class BatchConsumerTests(ITestOutputHelper output)
{
    private const string Stage = "sink";
    private const int Partitions = 2;
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Fact]
    public async Task RunAsync_PositionsStoredBySink_ResumesFromThemNotFromKafkaCommits()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("sink-resume", Partitions);
        var group = TestKafka.UniqueGroup("sink-resume");
        var produced = await TestMessages.ProduceAsync(kafka, topic, Partitions, count: 100);
        var sink = new InMemorySink();
        // The sink already holds rows up to these positions; the group has no Kafka commits at all
        // (auto.offset.reset=earliest would start at 0).
        sink.Seed(group, topic, 0, 20);
        sink.Seed(group, topic, 1, 30);
        using var offsets = new GroupOffsets(kafka, group, topic, Partitions);
        var end = offsets.EndOffsets();

        await RunUntilCaughtUpAsync(kafka, topic, group, sink, end);
        var expected = produced.Where(m => m.Offset >= (m.Partition == 0 ? 20 : 30)).Select(m => m.Id).ToArray();
        Assert.Equal(expected.Order(), sink.Rows.Order());
        // Kafka's committed offsets follow the sink (operators read lag from them).
        await Eventually.TrueAsync(() => offsets.Committed().SequenceEqual(end), "Kafka commits to follow the sink");

        // The sink's database loses its last transactions (restored from a backup): its positions
        // fall behind Kafka's committed offsets, which are at the end.
        sink.RollBack(group, topic, 0, 40, id => produced.Any(m => m.Id == id && m.Partition == 0 && m.Offset >= 40));
        sink.RollBack(group, topic, 1, 45, id => produced.Any(m => m.Id == id && m.Partition == 1 && m.Offset >= 45));
        Assert.Equal(expected.Length - 15, sink.Rows.Count);

        await RunUntilCaughtUpAsync(kafka, topic, group, sink, end);

        // Rows after the sink's positions were read again (Kafka's offsets would have skipped them),
        // and nothing before them was (earliest would have duplicated them).
        Assert.Equal(expected.Order(), sink.Rows.Order());
    }

    [Fact]
    public async Task RunAsync_BatchHandlerFailsOnce_SameBatchRetriedWithoutLoss()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("sink-retry", Partitions);
        var group = TestKafka.UniqueGroup("sink-retry");
        var produced = await TestMessages.ProduceAsync(kafka, topic, Partitions, count: 100);
        var sink = new InMemorySink { FailuresToInject = 1 };
        using var offsets = new GroupOffsets(kafka, group, topic, Partitions);

        await RunUntilCaughtUpAsync(kafka, topic, group, sink, offsets.EndOffsets());

        Assert.Equal(produced.Select(m => m.Id).Order(), sink.Rows.Order());
        var calls = sink.Calls;
        Assert.True(calls.Count >= 2, "no batch was retried");
        Assert.True(calls[0].Failed);
        Assert.All(calls.Skip(1), c => Assert.False(c.Failed));
        // The retry hands over the same messages and positions.
        Assert.Equal(calls[0].Ids, calls[1].Ids);
        Assert.Equal(calls[0].Positions, calls[1].Positions);
        // Each message comes with the partition and offset it was read from.
        var origin = produced.ToDictionary(m => m.Id, m => (m.Partition, m.Offset));
        Assert.All(calls, c =>
        {
            Assert.NotNull(c.Sources);
            Assert.Equal(c.Ids.Length, c.Sources.Length);
            Assert.All(c.Ids.Zip(c.Sources), x =>
            {
                Assert.Equal(topic, x.Second.Topic);
                Assert.Equal(origin[x.First], (x.Second.Partition, x.Second.Offset));
            });
        });
    }

    private async Task RunUntilCaughtUpAsync(KafkaEnvironment kafka, string topic, string group, InMemorySink sink, long[] end)
    {
        var configuration = TestKafka.HostConfiguration(kafka);
        configuration[$"Stages:{Stage}:GroupId"] = group;
        configuration[$"Stages:{Stage}:MaxBatchSize"] = "15";
        configuration[$"Stages:{Stage}:MaxBatchWait"] = "00:00:00.050";
        using var host = StageHost.Build(configuration, _logs, services => services
            .AddSingleton(sink)
            .AddBatchHandler<PromptRequest, RecordingBatchHandler, InMemorySink>(Stage, _ => [topic]));
        await host.StartAsync();
        await Eventually.TrueAsync(
            () => Enumerable.Range(0, Partitions).All(p => sink.Position(group, topic, p) == end[p]),
            "the sink's positions at the end of the topic");
        await host.StopAsync();
    }

    /// <summary>The batch handler of the sink: writes rows and positions in one "transaction".</summary>
    private sealed class RecordingBatchHandler(InMemorySink sink) : IBatchHandler<PromptRequest>
    {
        public Task HandleBatchAsync(SinkBatch<PromptRequest> batch, CancellationToken cancellationToken)
        {
            sink.Write(batch);
            return Task.CompletedTask;
        }
    }

    /// <summary>A sink database in memory: rows and consumer positions change together, under one lock.</summary>
    private sealed class InMemorySink : IConsumerPositionStore
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<(string Group, string Topic, int Partition), long> _positions = [];
        private readonly List<string> _rows = [];
        private readonly List<Call> _calls = [];

        public int FailuresToInject { get; set; }

        public IReadOnlyList<string> Rows
        {
            get { lock (_lock) { return _rows.ToArray(); } }
        }

        public IReadOnlyList<Call> Calls
        {
            get { lock (_lock) { return _calls.ToArray(); } }
        }

        public Task<IReadOnlyList<ConsumerPosition>> LoadAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                IReadOnlyList<ConsumerPosition> positions = _positions
                    .Where(p => p.Key.Group == group && topics.Contains(p.Key.Topic))
                    .Select(p => new ConsumerPosition(p.Key.Topic, p.Key.Partition, p.Value))
                    .ToArray();
                return Task.FromResult(positions);
            }
        }

        public void Write(SinkBatch<PromptRequest> batch)
        {
            lock (_lock)
            {
                var failed = FailuresToInject > 0;
                _calls.Add(new Call(batch.Messages.Select(m => m.RequestId).ToArray(), batch.Positions.ToArray(), failed, batch.Sources?.ToArray()));
                if (failed)
                {
                    FailuresToInject--;
                    throw new InvalidOperationException("database unavailable");
                }

                _rows.AddRange(batch.Messages.Select(m => m.RequestId));
                foreach (var position in batch.Positions)
                {
                    _positions[(batch.Group, position.Topic, position.Partition)] = position.NextOffset;
                }
            }
        }

        public long Position(string group, string topic, int partition)
        {
            lock (_lock)
            {
                return _positions.TryGetValue((group, topic, partition), out var next) ? next : -1;
            }
        }

        public void Seed(string group, string topic, int partition, long next)
        {
            lock (_lock)
            {
                _positions[(group, topic, partition)] = next;
            }
        }

        public void RollBack(string group, string topic, int partition, long next, Func<string, bool> rowAfterPosition)
        {
            lock (_lock)
            {
                _positions[(group, topic, partition)] = next;
                _rows.RemoveAll(id => rowAfterPosition(id));
            }
        }

        /// <summary>One call of the handler: the batch it got and whether it failed.</summary>
        public sealed record Call(string[] Ids, ConsumerPosition[] Positions, bool Failed, MessageSource[]? Sources);
    }
}
