using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using LlmBroker.Contracts;
using LlmBroker.Messaging.Topology;
using Xunit;

namespace LlmBroker.DevKafka.Tests;

/// <summary>The mock cluster speaks enough of the Kafka protocol for the pipeline's clients.</summary>
public sealed class MockKafkaClusterProtocolTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private readonly MockKafkaCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task ProduceConsume_WithHeadersAcrossClientInstances_DeliversEveryMessage()
    {
        var topic = NewTopic(partitions: 3);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers }).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                var headers = new Headers
                {
                    { MessageHeaders.MessageType, Encoding.UTF8.GetBytes("llmbroker.v1.PromptRequest") },
                    { MessageHeaders.TraceParent, Encoding.UTF8.GetBytes($"00-{i:x32}-{i:x16}-01") },
                };
                await producer.ProduceAsync(topic, new Message<string, string> { Key = $"k{i}", Value = $"v{i}", Headers = headers });
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(ConsumerConfig("g-" + topic)).Build();
        consumer.Subscribe(topic);
        var received = new List<ConsumeResult<string, string>>();
        Deadline.Until(() => received.Count >= 10, () => AddIfAny(received, consumer.Consume(100)), "10 messages consumed");
        consumer.Close();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"k{i}"), received.Select(r => r.Message.Key).Order(StringComparer.Ordinal));
        foreach (var record in received)
        {
            var i = int.Parse(record.Message.Key[1..]);
            Assert.Equal($"v{i}", record.Message.Value);
            Assert.Equal("llmbroker.v1.PromptRequest", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(MessageHeaders.MessageType)));
            Assert.Equal($"00-{i:x32}-{i:x16}-01", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(MessageHeaders.TraceParent)));
        }
    }

    [Fact]
    public async Task ConsumerGroup_TwoCooperativeMembers_SplitPartitionsAndNewMemberResumesFromCommits()
    {
        const int partitions = 6;
        var topic = NewTopic(partitions);
        var group = "g-" + topic;
        using var first = new ConsumerBuilder<string, string>(ConsumerConfig(group)).Build();
        using var second = new ConsumerBuilder<string, string>(ConsumerConfig(group)).Build();
        first.Subscribe(topic);
        second.Subscribe(topic);

        // Both members must hold a share before anything is produced, so no partition changes hands mid-read.
        Deadline.Until(
            () => first.Assignment.Count > 0 && second.Assignment.Count > 0 && first.Assignment.Count + second.Assignment.Count == partitions,
            () =>
            {
                first.Consume(50);
                second.Consume(50);
            },
            "both members assigned");
        Assert.Empty(first.Assignment.Intersect(second.Assignment));

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        await ProduceToEveryPartitionAsync(producer, topic, partitions, perPartition: 5, batch: "first");

        var byFirst = new List<ConsumeResult<string, string>>();
        var bySecond = new List<ConsumeResult<string, string>>();
        Deadline.Until(
            () => byFirst.Count + bySecond.Count >= partitions * 5,
            () =>
            {
                ConsumeAndCommit(first, byFirst);
                ConsumeAndCommit(second, bySecond);
            },
            "first batch consumed by the group");

        Assert.NotEmpty(byFirst);
        Assert.NotEmpty(bySecond);
        Assert.All(byFirst, r => Assert.Contains(r.TopicPartition, first.Assignment));
        Assert.All(bySecond, r => Assert.Contains(r.TopicPartition, second.Assignment));
        first.Close();
        second.Close();

        await ProduceToEveryPartitionAsync(producer, topic, partitions, perPartition: 3, batch: "second");
        using var third = new ConsumerBuilder<string, string>(ConsumerConfig(group)).Build();
        third.Subscribe(topic);
        var byThird = new List<ConsumeResult<string, string>>();
        Deadline.Until(() => byThird.Count >= partitions * 3, () => AddIfAny(byThird, third.Consume(100)), "second batch consumed by the new member");
        third.Close();

        Assert.All(byThird, r => Assert.StartsWith("second", r.Message.Value, StringComparison.Ordinal));
        Assert.All(byThird, r => Assert.True(r.Offset.Value >= 5, $"re-read committed offset {r.TopicPartitionOffset}"));
        Assert.Equal(partitions * 3, byThird.Select(r => r.TopicPartitionOffset.ToString()).Distinct().Count());
    }

    [Fact]
    public async Task IdempotentProducer_ManyMessages_WrittenOnceInOrder()
    {
        var topic = NewTopic(partitions: 1);
        var config = new ProducerConfig { BootstrapServers = _cluster.BootstrapServers, EnableIdempotence = true, LingerMs = 2 };
        using var producer = new ProducerBuilder<string, string>(config).Build();

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            producer.ProduceAsync(topic, new Message<string, string> { Key = "same-key", Value = i.ToString() })));

        Assert.All(deliveries, d => Assert.Equal(PersistenceStatus.Persisted, d.Status));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), deliveries.Select(d => d.Offset.Value));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString()), ReadAll(topic, 0, 200).Select(r => r.Message.Value));
    }

    [Fact]
    public async Task DescribeCluster_ControllerIsSet_AnswersWithBrokerOne()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();

        var description = await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = TimeSpan.FromSeconds(20) })
            .WaitAsync(Deadline.Default);

        Assert.Equal(1, description.Controller?.Id);
    }

    [Fact]
    public void CreateTopic_Twice_ThrowsTopicAlreadyExists()
    {
        var topic = NewTopic(partitions: 1);

        var error = Assert.Throws<KafkaException>(() => _cluster.CreateTopic(topic, 1));

        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Error.Code);
    }

    private string NewTopic(int partitions)
    {
        var name = $"t-{Guid.NewGuid():N}";
        _cluster.CreateTopic(name, partitions);
        return name;
    }

    private ConsumerConfig ConsumerConfig(string group) => new()
    {
        BootstrapServers = _cluster.BootstrapServers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        FetchWaitMaxMs = 10,
        // The mock holds a rebalance caused by a new member for session.timeout.ms - 1 s.
        SessionTimeoutMs = 3000,
        HeartbeatIntervalMs = 500,
    };

    private List<ConsumeResult<string, string>> ReadAll(string topic, int partition, int count)
    {
        using var consumer = new ConsumerBuilder<string, string>(ConsumerConfig("reader-" + Guid.NewGuid())).Build();
        consumer.Assign(new TopicPartitionOffset(topic, partition, Offset.Beginning));
        var records = new List<ConsumeResult<string, string>>();
        Deadline.Until(() => records.Count >= count, () => AddIfAny(records, consumer.Consume(100)), $"{count} records read");
        return records;
    }

    private static async Task ProduceToEveryPartitionAsync(IProducer<string, string> producer, string topic, int partitions, int perPartition, string batch)
    {
        var sends = new List<Task>();
        for (var p = 0; p < partitions; p++)
        {
            for (var i = 0; i < perPartition; i++)
            {
                sends.Add(producer.ProduceAsync(new TopicPartition(topic, p), new Message<string, string> { Key = $"{p}-{i}", Value = $"{batch}-{p}-{i}" }));
            }
        }

        await Task.WhenAll(sends);
    }

    private static void ConsumeAndCommit(IConsumer<string, string> consumer, List<ConsumeResult<string, string>> into)
    {
        var record = consumer.Consume(50);
        if (record is not null)
        {
            into.Add(record);
            consumer.Commit(record);
        }
    }

    private static void AddIfAny<T>(List<T> list, T? item)
        where T : class
    {
        if (item is not null)
        {
            list.Add(item);
        }
    }
}
