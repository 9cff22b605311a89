using LlmBroker.Messaging.Internal;

namespace LlmBroker.Messaging.Tests;

public sealed class KafkaClientConfigTests
{
    [Fact]
    public void Consumer_BoundedPrefetchRefetchesAfter20Ms()
    {
        var config = KafkaClientConfig.Consumer(new KafkaOptions { BootstrapServers = "localhost:9092" }, "group");

        Assert.Equal(16 * 1024, config.QueuedMaxMessagesKbytes);
        Assert.Equal(20, config.FetchQueueBackoffMs);
    }

    [Fact]
    public void Consumer_KafkaProperties_OverrideThePrefetchDefaults()
    {
        var options = new KafkaOptions
        {
            BootstrapServers = "localhost:9092",
            Properties = { ["queued.max.messages.kbytes"] = "65536", ["fetch.queue.backoff.ms"] = "500" },
        };

        var config = KafkaClientConfig.Consumer(options, "group");

        Assert.Equal(65536, config.QueuedMaxMessagesKbytes);
        Assert.Equal(500, config.FetchQueueBackoffMs);
    }
}
