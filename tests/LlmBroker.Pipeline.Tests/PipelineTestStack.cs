using Confluent.Kafka;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.FakeProvider;
using LlmBroker.Messaging;
using LlmBroker.Testing.Kafka;
using LlmBroker.Testing.Postgres;
using Microsoft.Extensions.Hosting;

namespace LlmBroker.Pipeline.Tests;

/// <summary>
/// One isolated pipeline for one test: its own topics (unique prefix) on the shared Kafka, its own
/// PostgreSQL schema, its own fake provider, and hosts running the stages.
/// </summary>
internal sealed class PipelineTestStack : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private PipelineTestStack(KafkaEnvironment kafka, TopicSet topics, PostgresTestSchema schema, FakeProviderServer provider)
    {
        Kafka = kafka;
        Topics = topics;
        Schema = schema;
        Provider = provider;
        Client = new LlmBrokerClient(new LlmBrokerClientOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            TopicPrefix = topics.Prefix,
            Tenant = "acme",
            App = "tests",
        });
    }

    public KafkaEnvironment Kafka { get; }

    public TopicSet Topics { get; }

    public TopicNames Names => Topics.Names;

    public PostgresTestSchema Schema { get; }

    public FakeProviderServer Provider { get; }

    public LlmBrokerClient Client { get; }

    public static async Task<PipelineTestStack> StartAsync(PipelineStages stages = PipelineStages.All, string name = "e2e")
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topics = await kafka.CreatePipelineTopicsAsync();
        var postgres = await PostgresEnvironment.GetAsync();
        var schema = await postgres.CreateTestSchemaAsync(name);
        var provider = await FakeProviderServer.StartAsync();
        var stack = new PipelineTestStack(kafka, topics, schema, provider);
        if (stages != PipelineStages.None)
        {
            await stack.StartHostAsync(stages);
        }

        return stack;
    }

    public async Task<IHost> StartHostAsync(PipelineStages stages, IDictionary<string, string?>? configuration = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
    {
        var host = PipelineHost.Build(
            new PipelineSettings
            {
                BootstrapServers = Kafka.BootstrapServers,
                TopicPrefix = Topics.Prefix,
                PostgresConnectionString = Schema.ConnectionString,
                PostgresSchema = Schema.Name,
                ProviderEndpoint = Provider.OpenAIEndpoint,
                Configuration = Merge(configuration),
                ConfigureServices = configureServices,
            },
            stages);
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    private Dictionary<string, string?> Merge(IDictionary<string, string?>? overrides)
    {
        var configuration = new Dictionary<string, string?>
        {
            // The mock holds a rebalance for the session timeout when a member joins a live group.
            ["Kafka:SessionTimeoutMs"] = Kafka.IsMock ? "3000" : "6000",
            ["Kafka:FetchWaitMaxMs"] = "10",
            ["Routing:RetryBaseDelay"] = "00:00:00.050",
            // These tests exercise the pipeline, not authentication (GovernanceTests sign their requests).
            ["Authentication:Mode"] = "Disabled",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return configuration;
    }

    public async Task StopHostAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
        _hosts.Remove(host);
    }

    public static PromptRequest Request(string content, string model = "gpt-4o-mini")
    {
        var request = new PromptRequest { Model = model };
        request.Messages.Add(new ChatMessage { Role = Role.User, Content = content });
        request.Tags["team"] = "search";
        return request;
    }

    /// <summary>Reads a whole topic from the beginning until <paramref name="count"/> messages arrived.</summary>
    public async Task<IReadOnlyList<T>> ReadTopicAsync<T>(string topic, int count, TimeSpan timeout)
        where T : class, Google.Protobuf.IMessage<T>, new()
    {
        var messages = await Kafka.ConsumeAsync(topic, count, timeout);
        return messages.Select(m =>
        {
            Assert.True(MessagingClients.TryDecode<T>(new Message<byte[], byte[]> { Key = m.Message.Key!, Value = m.Message.Value!, Headers = m.Message.Headers }, out var decoded, out var error), error);
            return decoded!;
        }).ToArray();
    }

    /// <summary>Waits until every message on <paramref name="topic"/> is committed by <paramref name="group"/>.</summary>
    public async Task WaitForGroupToCatchUpAsync(string group, string topic, TimeSpan timeout)
    {
        // A member of the group that never subscribes: it only reads the group's committed offsets.
        using var consumer = Kafka.CreateConsumer(group);
        var partitions = Enumerable.Range(0, Kafka.GetPartitionCount(topic)).Select(p => new TopicPartition(topic, p)).ToArray();
        await Eventually.TrueAsync(
            () =>
            {
                var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(10));
                return committed.All(c =>
                {
                    var high = consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10)).High.Value;
                    return high == 0 || c.Offset.Value >= high;
                });
            },
            timeout,
            $"group {group} to commit every message of {topic}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.ToArray())
        {
            await StopHostAsync(host);
        }

        await Client.DisposeAsync();
        await Provider.DisposeAsync();
        await Schema.DisposeAsync();
    }
}

/// <summary>Waits on a condition with a deadline (never a fixed sleep).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        await TrueAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout} waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
