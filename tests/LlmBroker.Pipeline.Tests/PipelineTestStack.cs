using Confluent.Kafka;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.FakeProvider;
using LlmBroker.Messaging;
using LlmBroker.Redaction.Pii;
using LlmBroker.Testing.Kafka;
using LlmBroker.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmBroker.Pipeline.Tests;

/// <summary>
/// One isolated pipeline for one test: its own topics (unique prefix) on the shared Kafka, its own
/// PostgreSQL schema, its own fake provider, and hosts running the stages.
/// </summary>
internal sealed class PipelineTestStack : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly StageAssignments _assignments = new();
    private int _hostsStarted;

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

    /// <summary>The PII detector of every host started; none (the development default) when null.</summary>
    public IPiiDetector? Detector { get; private init; }

    public static async Task<PipelineTestStack> StartAsync(PipelineStages stages = PipelineStages.All, string name = "e2e", IPiiDetector? detector = null, IDictionary<string, string?>? configuration = null)
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topics = await kafka.CreatePipelineTopicsAsync();
        var postgres = await PostgresEnvironment.GetAsync();
        var schema = await postgres.CreateTestSchemaAsync(name);
        var provider = await FakeProviderServer.StartAsync();
        var stack = new PipelineTestStack(kafka, topics, schema, provider) { Detector = detector };
        if (stages != PipelineStages.None)
        {
            await stack.StartHostAsync(stages, configuration);
        }

        return stack;
    }

    public async Task<IHost> StartHostAsync(
        PipelineStages stages,
        IDictionary<string, string?>? configuration = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var hostNumber = Interlocked.Increment(ref _hostsStarted);
        var host = PipelineHost.Build(
            new PipelineSettings
            {
                BootstrapServers = Kafka.BootstrapServers,
                TopicPrefix = Topics.Prefix,
                PostgresConnectionString = Schema.ConnectionString,
                PostgresSchema = Schema.Name,
                ProviderEndpoint = Provider.OpenAIEndpoint,
                Configuration = Merge(configuration),
                LoggerProvider = logs,
                MinimumLogLevel = logs is null ? Microsoft.Extensions.Logging.LogLevel.Warning : Microsoft.Extensions.Logging.LogLevel.Debug,
                ConfigureServices = services =>
                {
                    services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new StageAssignments.Provider(_assignments, hostNumber));
                    services.Configure<Microsoft.Extensions.Logging.LoggerFilterOptions>(o => o.Rules.Add(new Microsoft.Extensions.Logging.LoggerFilterRule(
                        typeof(StageAssignments.Provider).FullName, "LlmBroker.Stage", Microsoft.Extensions.Logging.LogLevel.Information, null)));
                    if (Detector is { } detector)
                    {
                        services.AddSingleton(detector);
                    }

                    configureServices?.Invoke(services);
                },
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

    /// <summary>Every message of every pipeline topic, raw, read from the beginning up to the current end.</summary>
    public async Task<IReadOnlyList<(string Topic, byte[] Key, byte[] Value, IReadOnlyList<byte[]> Headers)>> ReadAllTopicsAsync(TimeSpan timeout)
    {
        var all = new List<(string, byte[], byte[], IReadOnlyList<byte[]>)>();
        using var probe = Kafka.CreateConsumer($"probe-{Guid.NewGuid():N}");
        foreach (var topic in Topics.Topics.Select(t => t.Name))
        {
            var count = Enumerable.Range(0, Kafka.GetPartitionCount(topic))
                .Sum(p => probe.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
            if (count == 0)
            {
                continue;
            }

            foreach (var record in await Kafka.ConsumeAsync(topic, (int)count, timeout))
            {
                all.Add((topic, record.Message.Key ?? [], record.Message.Value ?? [], record.Message.Headers?.Select(h => h.GetValueBytes()).ToArray() ?? []));
            }
        }

        return all;
    }

    /// <summary>Every row of every table in the test schema, as PostgreSQL's text form, one line per row.</summary>
    public async Task<string> DumpTablesAsync()
    {
        var text = new System.Text.StringBuilder();
        await using var tables = Schema.DataSource.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await using var rows = Schema.DataSource.CreateCommand($"SELECT t::text FROM \"{name}\" t");
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(name).Append(": ").AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Waits until the stage runs in <paramref name="hosts"/> hosts, each holding some of its
    /// partitions (as the stages log them): a test that starts a second instance of a stage waits for
    /// it, so no rebalance, which hands unfinished messages to the other instance to be processed
    /// again, falls in the middle of what it measures.
    /// </summary>
    public Task WaitForStageInHostsAsync(string stage, int hosts, TimeSpan timeout) =>
        Eventually.TrueAsync(() => _assignments.HostsHolding(stage) == hosts, timeout, $"stage {stage} holding partitions in {hosts} hosts");

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

/// <summary>Reports progress on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SyncProgress(Action<SubmitProgress> report) : IProgress<SubmitProgress>
{
    public void Report(SubmitProgress value) => report(value);
}
