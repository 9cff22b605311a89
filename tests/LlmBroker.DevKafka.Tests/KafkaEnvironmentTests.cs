using System.Text;
using Confluent.Kafka;
using LlmBroker.Contracts;
using LlmBroker.Messaging.Topology;
using LlmBroker.Testing.Kafka;
using Xunit;

namespace LlmBroker.DevKafka.Tests;

/// <summary>The shared test fixture, on whichever cluster this process found.</summary>
public sealed class KafkaEnvironmentTests(KafkaFixture fixture) : IClassFixture<KafkaFixture>
{
    private readonly KafkaEnvironment _kafka = fixture.Environment;

    [Fact]
    public async Task CreateTopicAsync_SamePrefixTwice_ReturnsDistinctTopicsWithPartitions()
    {
        var first = await _kafka.CreateTopicAsync("my test/topic", partitions: 3);
        var second = await _kafka.CreateTopicAsync("my test/topic", partitions: 2);

        Assert.NotEqual(first, second);
        Assert.StartsWith("my-test-topic-", first, StringComparison.Ordinal);
        Assert.Equal(3, _kafka.GetPartitionCount(first));
        Assert.Equal(2, _kafka.GetPartitionCount(second));
    }

    [Fact]
    public async Task CreatePipelineTopicsAsync_NewPrefix_CreatesEveryPipelineTopicUnderIt()
    {
        var set = await _kafka.CreatePipelineTopicsAsync();
        var other = await _kafka.CreatePipelineTopicsAsync();

        Assert.NotEqual(set.Prefix, other.Prefix);
        Assert.Equal(set.Prefix + Topics.Requests, set.Names.Requests);
        Assert.Equal(set.Prefix + Topics.DeadLetters, set[Topics.DeadLetters]);
        Assert.Equal(TopicCatalog.All.Count, set.Topics.Count);
        foreach (var logical in TopicCatalog.All)
        {
            Assert.Equal(logical.Partitions, _kafka.GetPartitionCount(set[logical.Name]));
        }

        Assert.Contains(set.ToConfiguration(_kafka.BootstrapServers), e => e.Key == "Kafka:TopicPrefix" && e.Value == set.Prefix);
    }

    [Fact]
    public async Task ConsumeUntilAsync_AfterProduceAsync_ReturnsRecordsWithHeaders()
    {
        var topic = await _kafka.CreateTopicAsync(nameof(ConsumeUntilAsync_AfterProduceAsync_ReturnsRecordsWithHeaders), partitions: 4);
        var messages = Enumerable.Range(0, 20).Select(i => new Message<byte[]?, byte[]?>
        {
            Key = Encoding.UTF8.GetBytes($"k{i}"),
            Value = Encoding.UTF8.GetBytes($"v{i}"),
            Headers = new Headers { { MessageHeaders.SchemaVersion, Encoding.UTF8.GetBytes(MessageHeaders.CurrentSchemaVersion) } },
        });

        await _kafka.ProduceAsync(topic, messages);
        await _kafka.ProduceAsync(topic, key: null, value: null);
        var records = await _kafka.ConsumeUntilAsync(topic, r => r.Count >= 21);

        Assert.Equal(21, records.Count);
        Assert.Equal(
            Enumerable.Range(0, 20).Select(i => $"v{i}").Order(StringComparer.Ordinal),
            records.Where(r => r.Message.Value is not null).Select(r => Encoding.UTF8.GetString(r.Message.Value!)).Order(StringComparer.Ordinal));
        Assert.All(records.Where(r => r.Message.Value is not null), r =>
            Assert.Equal(MessageHeaders.CurrentSchemaVersion, Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes(MessageHeaders.SchemaVersion))));
    }

    [Fact]
    public async Task ConsumeAsync_FewerRecordsThanAsked_ThrowsTimeoutException()
    {
        var topic = await _kafka.CreateTopicAsync("short", partitions: 1);
        await _kafka.ProduceAsync(topic, key: null, value: [1]);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => _kafka.ConsumeAsync(topic, count: 2, timeout: TimeSpan.FromSeconds(1)));

        Assert.Contains("1 record(s) read", error.Message, StringComparison.Ordinal);
    }
}
