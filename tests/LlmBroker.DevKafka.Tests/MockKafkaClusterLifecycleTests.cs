using Confluent.Kafka;
using LlmBroker.Messaging.Topology;
using Xunit;

namespace LlmBroker.DevKafka.Tests;

public sealed class MockKafkaClusterLifecycleTests
{
    [Fact]
    public void CreatePipelineTopics_EveryCatalogTopic_ExistsWithItsPartitionCount()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreatePipelineTopics();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(20));

        Assert.NotEmpty(TopicCatalog.All);
        foreach (var expected in TopicCatalog.All)
        {
            var topic = Assert.Single(metadata.Topics, t => t.Topic == expected.Name);
            Assert.False(topic.Error.IsError, $"{expected.Name}: {topic.Error}");
            Assert.Equal(expected.Partitions, topic.Partitions.Count);
        }
    }

    [Fact]
    public async Task Start_SeveralClustersInOneProcess_AreIndependent()
    {
        using var one = MockKafkaCluster.Start();
        using var two = MockKafkaCluster.Start(brokers: 3);
        one.CreateTopic("same-name", 1);
        two.CreateTopic("same-name", 2, replicationFactor: 3);

        await ProduceAsync(one, "same-name", "from-one");
        await ProduceAsync(two, "same-name", "from-two");

        Assert.NotEqual(one.BootstrapServers, two.BootstrapServers);
        Assert.Single(one.BootstrapServers.Split(','));
        Assert.Equal(3, two.BootstrapServers.Split(',').Length);
        Assert.Equal(["from-one"], ReadPartition(one, "same-name", 0, 1));
        Assert.Equal(["from-two"], ReadPartition(two, "same-name", 0, 1));
        Assert.Equal(2, PartitionCount(two, "same-name"));
    }

    [Fact]
    public void Dispose_Twice_IsSafeAndLaterCallsThrowObjectDisposed()
    {
        var cluster = MockKafkaCluster.Start();
        cluster.Dispose();
        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("late", 1));
        Assert.Throws<ObjectDisposedException>(() => cluster.SetBrokerUp(1));
    }

    [Fact]
    public void Start_Concurrently_EveryClusterGetsItsOwnAddress()
    {
        var clusters = new MockKafkaCluster[4];
        try
        {
            Parallel.For(0, clusters.Length, i => clusters[i] = MockKafkaCluster.Start());

            Assert.Equal(clusters.Length, clusters.Select(c => c.BootstrapServers).Distinct().Count());
        }
        finally
        {
            foreach (var cluster in clusters)
            {
                cluster?.Dispose();
            }
        }
    }

    private static async Task ProduceAsync(MockKafkaCluster cluster, string topic, string value)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, string> { Value = value }).WaitAsync(Deadline.Default);
    }

    private static List<string> ReadPartition(MockKafkaCluster cluster, string topic, int partition, int count)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "reader",
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, partition, Offset.Beginning));
        var values = new List<string>();
        Deadline.Until(() => values.Count >= count, () =>
        {
            if (consumer.Consume(100) is { } record)
            {
                values.Add(record.Message.Value);
            }
        }, $"{count} record(s) read");
        return values;
    }

    private static int PartitionCount(MockKafkaCluster cluster, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(20)).Topics.Single().Partitions.Count;
    }
}
