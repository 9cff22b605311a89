using Confluent.Kafka;
using Xunit;

namespace LlmBroker.DevKafka.Tests;

/// <summary>Fault injection; every test starts its own cluster so no other test sees the faults.</summary>
public sealed class MockKafkaClusterFaultTests
{
    [Fact]
    public async Task SetBrokerDown_ProducePendsWithTransportErrors_SucceedsAfterSetBrokerUp()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("orders", 1);
        TaskCompletionSource<Error>? firstError = null;
        var config = new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            ReconnectBackoffMs = 20,
            ReconnectBackoffMaxMs = 200,
            MessageTimeoutMs = 120_000,
        };
        using var producer = new ProducerBuilder<string, string>(config)
            .SetErrorHandler((_, error) => Volatile.Read(ref firstError)?.TrySetResult(error))
            .Build();
        await producer.ProduceAsync("orders", new Message<string, string> { Key = "a", Value = "before" });

        Volatile.Write(ref firstError, new TaskCompletionSource<Error>(TaskCreationOptions.RunContinuationsAsynchronously));
        cluster.SetBrokerDown(1);
        var pending = producer.ProduceAsync("orders", new Message<string, string> { Key = "a", Value = "during" });
        var error = await firstError!.Task.WaitAsync(Deadline.Default);

        Assert.True(error.IsLocalError, $"expected a local transport error, got {error}");
        Assert.False(pending.IsCompleted, "delivered while the only broker was down");

        cluster.SetBrokerUp(1);
        var delivered = await pending.WaitAsync(Deadline.Default);

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(1, delivered.Offset.Value);
    }

    [Fact]
    public async Task PushRequestErrors_PermanentProduceError_FailsThatDeliveryOnly()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("orders", 1);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        cluster.PushRequestErrors(KafkaApiKeys.Produce, ErrorCode.MsgSizeTooLarge);
        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync("orders", new Message<string, string> { Key = "a", Value = "rejected" }).WaitAsync(Deadline.Default));
        var next = await producer.ProduceAsync("orders", new Message<string, string> { Key = "a", Value = "accepted" }).WaitAsync(Deadline.Default);

        Assert.Equal(ErrorCode.MsgSizeTooLarge, failure.Error.Code);
        Assert.Equal(PersistenceStatus.Persisted, next.Status);
        Assert.Equal(0, next.Offset.Value);
    }

    [Fact]
    public async Task PushRequestErrors_RetriableErrorsOnIdempotentProducer_RetriedAndWrittenOnceInOrder()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("orders", 1);
        var config = new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true, RetryBackoffMs = 10 };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        await producer.ProduceAsync("orders", new Message<string, string> { Key = "a", Value = "0" });

        cluster.PushRequestErrors(KafkaApiKeys.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicas, ErrorCode.Local_Transport);
        var deliveries = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            producer.ProduceAsync("orders", new Message<string, string> { Key = "a", Value = i.ToString() }))).WaitAsync(Deadline.Default);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), deliveries.Select(d => d.Offset.Value));
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "reader",
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(new TopicPartitionOffset("orders", 0, Offset.Beginning));
        var values = new List<string>();
        Deadline.Until(() => values.Count >= 21, () =>
        {
            if (consumer.Consume(100) is { } record)
            {
                values.Add(record.Message.Value);
            }
        }, "21 records read");
        Assert.Equal(Enumerable.Range(0, 21).Select(i => i.ToString()), values);
    }

    [Fact]
    public async Task SetBrokerRtt_DelayedBroker_StillDelivers()
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("orders", 1);
        cluster.SetBrokerRtt(1, TimeSpan.FromMilliseconds(20));
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();

        var delivered = await producer.ProduceAsync("orders", new Message<string, string> { Key = "a", Value = "slow" }).WaitAsync(Deadline.Default);
        cluster.SetBrokerRtt(1, TimeSpan.Zero);

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    [Fact]
    public void SetBrokerDown_UnknownBroker_ThrowsKafkaException()
    {
        using var cluster = MockKafkaCluster.Start();

        Assert.Throws<KafkaException>(() => cluster.SetBrokerDown(42));
    }
}
