using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Xunit;

namespace LlmBroker.DevKafka.Tests;

/// <summary>
/// Pins the mock's known gaps (documented in ENVIRONMENT.md): if a librdkafka upgrade lifts one,
/// the test fails and the documentation and workarounds can be revisited.
/// </summary>
public sealed class MockKafkaClusterLimitsTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private readonly MockKafkaCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task AdminCreateTopics_OnMock_IsNotSupported()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();

        var error = await Assert.ThrowsAsync<KafkaException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = $"admin-{Guid.NewGuid():N}", NumPartitions = 2, ReplicationFactor = 1 }]).WaitAsync(Deadline.Default));

        Assert.Contains("not supported", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SendOffsetsToTransaction_OnMock_OffsetsAreNotStored()
    {
        var input = $"in-{Guid.NewGuid():N}";
        var output = $"out-{Guid.NewGuid():N}";
        _cluster.CreateTopic(input, 1);
        _cluster.CreateTopic(output, 1);
        var group = $"g-{Guid.NewGuid():N}";
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            TransactionalId = $"tx-{Guid.NewGuid():N}",
        }).Build();
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = _cluster.BootstrapServers, GroupId = group }).Build();
        var partition = new TopicPartition(input, 0);

        producer.InitTransactions(Deadline.Default);
        producer.BeginTransaction();
        producer.Produce(output, new Message<string, string> { Key = "k", Value = "v" });
        producer.SendOffsetsToTransaction([new TopicPartitionOffset(partition, 5)], consumer.ConsumerGroupMetadata, Deadline.Default);
        producer.CommitTransaction(Deadline.Default);
        var afterTransaction = consumer.Committed([partition], Deadline.Default).Single().Offset;
        consumer.Commit([new TopicPartitionOffset(partition, 7)]);
        var afterCommit = consumer.Committed([partition], Deadline.Default).Single().Offset;

        Assert.Equal(Offset.Unset, afterTransaction);
        Assert.Equal(7, afterCommit.Value);
    }
}
