using System.Text;
using Confluent.Kafka;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Governance;
using LlmBroker.Governance.Internal;
using LlmBroker.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmBroker.Pipeline.Tests;

/// <summary>
/// A pipeline whose redactor authenticates (Authentication:Mode=Signed) against apps and keys in the
/// test's PostgreSQL schema. One app, acme/signed, allowed gpt-4o-mini on the interactive lane, with
/// one key.
/// </summary>
internal sealed class GovernedPipeline : IAsyncDisposable
{
    public const string Tenant = "acme";
    public const string AppName = "signed";

    private readonly List<LlmBrokerClient> _clients = [];

    private GovernedPipeline(PipelineTestStack stack, GovernanceStore store, TimeProvider? clock)
    {
        Stack = stack;
        Store = store;
        Clock = clock;
    }

    public PipelineTestStack Stack { get; }

    public GovernanceStore Store { get; }

    /// <summary>The redactor's governance clock, when the test controls it.</summary>
    public TimeProvider? Clock { get; }

    public CreatedApiKey Key { get; private set; } = null!;

    public IHost Host { get; private set; } = null!;

    public required string MasterKey { get; init; }

    public required string Pepper { get; init; }

    public static async Task<GovernedPipeline> StartAsync(string name, TimeProvider? clock = null, PipelineStages stages = PipelineStages.Workers | PipelineStages.AuditWriter)
    {
        var stack = await PipelineTestStack.StartAsync(PipelineStages.None, name);
        var masterKey = KeyMaterial.NewSecretBase64();
        var pepper = KeyMaterial.NewSecretBase64();
        var store = new GovernanceStore(PostgresDataSources.Create(stack.Schema.ConnectionString, stack.Schema.Name), new KeyMaterial(masterKey, "m1", pepper), clock);
        var pipeline = new GovernedPipeline(stack, store, clock) { MasterKey = masterKey, Pepper = pepper };
        await store.AddAppAsync(new AppPolicy
        {
            Tenant = Tenant,
            App = AppName,
            AllowedModels = ["gpt-4o-mini"],
            AllowedLanes = ["interactive"],
            DefaultTags = new Dictionary<string, string> { ["cost-center"] = "cc-42" },
        });
        pipeline.Key = await store.CreateKeyAsync(Tenant, AppName);
        pipeline.Host = await stack.StartHostAsync(
            stages,
            pipeline.AuthenticationSettings(),
            services =>
            {
                if (clock is not null)
                {
                    services.AddKeyedSingleton(GovernanceServiceCollectionExtensions.ClockKey, clock);
                }
            });
        return pipeline;
    }

    /// <summary>Another host (e.g. a second redactor and router) authenticating as the first does.</summary>
    public Task<IHost> StartAnotherHostAsync(PipelineStages stages) => Stack.StartHostAsync(stages, AuthenticationSettings());

    private Dictionary<string, string?> AuthenticationSettings() => new()
    {
        ["Authentication:Mode"] = AuthenticationModes.Signed,
        ["Authentication:MasterKey"] = MasterKey,
        ["Authentication:KeyPepper"] = Pepper,
        ["Authentication:RefreshInterval"] = "00:00:00.100",
    };

    /// <summary>A client of acme/signed signing with <paramref name="key"/> (the fixture's key by default).</summary>
    public LlmBrokerClient Client(CreatedApiKey? key = null, TimeProvider? time = null, string? keyId = null, string? apiKey = null)
    {
        var client = new LlmBrokerClient(
            new LlmBrokerClientOptions
            {
                BootstrapServers = Stack.Kafka.BootstrapServers,
                TopicPrefix = Stack.Topics.Prefix,
                Tenant = Tenant,
                App = AppName,
                KeyId = keyId ?? (key ?? Key).KeyId,
                ApiKey = apiKey ?? (key ?? Key).ApiKey,
            },
            time ?? Clock);
        _clients.Add(client);
        return client;
    }

    /// <summary>A client of acme/signed that does not sign.</summary>
    public LlmBrokerClient UnsignedClient()
    {
        var client = new LlmBrokerClient(new LlmBrokerClientOptions
        {
            BootstrapServers = Stack.Kafka.BootstrapServers,
            TopicPrefix = Stack.Topics.Prefix,
            Tenant = Tenant,
            App = AppName,
        });
        _clients.Add(client);
        return client;
    }

    /// <summary>Waits until the redactor's in-memory snapshot satisfies <paramref name="condition"/>.</summary>
    public Task WaitForSnapshotAsync(Func<GovernanceSnapshot, bool> condition, string what) =>
        Eventually.TrueAsync(() => condition(Host.Services.GetRequiredService<GovernanceCache>().Current), TimeSpan.FromMinutes(1), what);

    /// <summary>Every message of a topic as it is now (after the producers of interest are done).</summary>
    public async Task<IReadOnlyList<T>> ReadAllAsync<T>(string topic)
        where T : class, Google.Protobuf.IMessage<T>, new()
    {
        using var consumer = Stack.Kafka.CreateConsumer("reader-" + Guid.NewGuid().ToString("N"));
        var total = 0L;
        for (var p = 0; p < Stack.Kafka.GetPartitionCount(topic); p++)
        {
            total += consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value;
        }

        return total == 0 ? [] : await Stack.ReadTopicAsync<T>(topic, (int)total, TimeSpan.FromMinutes(1));
    }

    /// <summary>The outcome of <paramref name="requestId"/> on llm.outcomes.</summary>
    public async Task<Outcome> OutcomeOfAsync(string requestId)
    {
        var records = await Stack.Kafka.ConsumeUntilAsync(
            Stack.Names.Outcomes,
            all => all.Any(r => Decode<Outcome>(r.Message)?.RequestId == requestId),
            TimeSpan.FromMinutes(1));
        return records.Select(r => Decode<Outcome>(r.Message)).First(o => o?.RequestId == requestId)!;
    }

    /// <summary>Asserts nothing of <paramref name="requestId"/> reached llm.redacted or llm.redacted.batch.</summary>
    public async Task AssertNotForwardedAsync(string requestId)
    {
        await Stack.WaitForGroupToCatchUpAsync("llmbroker-redactor", Stack.Names.Requests, TimeSpan.FromMinutes(1));
        await Stack.WaitForGroupToCatchUpAsync("llmbroker-redactor", Stack.Names.RequestsBatch, TimeSpan.FromMinutes(1));
        var forwarded = (await ReadAllAsync<RedactedRequest>(Stack.Names.Redacted))
            .Concat(await ReadAllAsync<RedactedRequest>(Stack.Names.RedactedBatch));
        Assert.DoesNotContain(forwarded, r => r.Request.RequestId == requestId);
    }

    public static Headers PrincipalHeader(string principal) => new() { { GovernanceHeaders.Principal, Encoding.UTF8.GetBytes(principal) } };

    private static T? Decode<T>(Message<byte[]?, byte[]?> message)
        where T : class, Google.Protobuf.IMessage<T>, new() =>
        Messaging.MessagingClients.TryDecode<T>(new Message<byte[], byte[]> { Key = message.Key!, Value = message.Value!, Headers = message.Headers }, out var decoded, out _) ? decoded : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Stack.DisposeAsync();
    }
}
