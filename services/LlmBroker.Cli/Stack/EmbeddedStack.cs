using System.Globalization;
using LlmBroker.Cli.Commands;
using LlmBroker.Cli.Topology;
using LlmBroker.DevKafka;
using LlmBroker.DevStack;
using LlmBroker.FakeProvider;
using LlmBroker.Governance;
using LlmBroker.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmBroker.Cli.Stack;

/// <summary>What an <see cref="EmbeddedStack"/> runs on.</summary>
internal sealed record EmbeddedStackOptions
{
    /// <summary>Where the tables are; the schema is migrated at start.</summary>
    public required PostgresConnection Postgres { get; init; }

    /// <summary>
    /// Bootstrap servers of a Kafka cluster whose pipeline topics exist; null (the default) starts an
    /// in-process mock cluster with every pipeline topic.
    /// </summary>
    public string? BootstrapServers { get; init; }

    /// <summary>Topic prefix. Default: none.</summary>
    public string TopicPrefix { get; init; } = "";

    /// <summary>Extra librdkafka properties for an external cluster. Default: none.</summary>
    public IReadOnlyDictionary<string, string> KafkaProperties { get; init; } = new Dictionary<string, string>();

    /// <summary>The provider. Default: the in-process fake provider.</summary>
    public ProviderChoice Provider { get; init; } = ProviderChoice.Fake;

    /// <summary>The fake provider's answer delay. Default: none.</summary>
    public TimeSpan FakeLatency { get; init; }

    /// <summary>The fake provider's delay varies within ± this much. Default: none.</summary>
    public TimeSpan FakeLatencyJitter { get; init; }

    /// <summary>
    /// Apps and keys registered at start; the redactor then authenticates every request, as deployed
    /// redactors do. Null turns authentication off (Authentication:Mode=Disabled). Default: null.
    /// </summary>
    public StackAuthentication? Authentication { get; init; }

    /// <summary>Clock of the keys' creation and expiry. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// The whole pipeline in this process, on the embedded defaults of development: the librdkafka mock
/// cluster (unless an external Kafka is named), the fake provider (unless a real one is configured),
/// the migrated PostgreSQL schema, and a host running every stage. Disposing stops the stages
/// (they finish their in-flight work) before the provider and Kafka go away.
/// </summary>
internal sealed class EmbeddedStack : IAsyncDisposable
{
    /// <summary>The stages the host runs, in pipeline order.</summary>
    public static readonly IReadOnlyList<string> StageNames = ["redactor", "router", "validator", "audit-writer", "cost-rollup", "cache-writer"];

    /// <summary>The second model the fake provider serves, at gpt-4o list prices (USD 2.50 / 10.00 per million tokens).</summary>
    private const string SecondFakeModel = "gpt-4o";

    private readonly EmbeddedStackOptions _options;
    private MockKafkaCluster? _kafka;
    private FakeProviderServer? _fake;
    private IHost? _host;

    private EmbeddedStack(EmbeddedStackOptions options)
    {
        _options = options;
        BootstrapServers = options.BootstrapServers ?? "";
    }

    /// <summary>Where clients reach Kafka.</summary>
    public string BootstrapServers { get; private set; }

    /// <summary>True when Kafka is the in-process mock cluster.</summary>
    public bool IsMockKafka => _kafka is not null;

    /// <summary>The topic names of this stack (with the prefix).</summary>
    public IReadOnlyList<TopicPlan> Topics => TopicPlan.For(_options.TopicPrefix);

    /// <summary>The OpenAI-compatible endpoint the router calls.</summary>
    public Uri ProviderEndpoint => _fake?.OpenAIEndpoint ?? _options.Provider.Endpoint!;

    /// <summary>The model aliases callers may name.</summary>
    public IReadOnlyList<string> Models => _options.Provider.IsFake ? [_options.Provider.Model, SecondFakeModel] : [_options.Provider.Model];

    /// <summary>The API key issued at start for each app of <see cref="EmbeddedStackOptions.Authentication"/>, by app name; empty when authentication is off.</summary>
    public IReadOnlyDictionary<string, CreatedApiKey> Keys { get; private set; } = new Dictionary<string, CreatedApiKey>();

    /// <summary>The migration scripts applied at start (empty when the schema was up to date).</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    /// <summary>Cancelled when the host stops, also on its own (a stage failed, or SIGTERM).</summary>
    public CancellationToken Stopping => _host!.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    /// <summary>Migrates the schema, starts Kafka and the provider as needed, then every stage.</summary>
    public static async Task<EmbeddedStack> StartAsync(EmbeddedStackOptions options, CancellationToken cancellationToken)
    {
        var stack = new EmbeddedStack(options);
        try
        {
            await stack.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        AppliedMigrations = await Migrations.ApplyAsync(_options.Postgres, cancellationToken).ConfigureAwait(false);
        if (_options.Authentication is { } authentication)
        {
            // Before the stages start, so the redactor's first load of apps and keys has them.
            Keys = await authentication.ProvisionAsync(_options.Postgres, _options.Time, cancellationToken).ConfigureAwait(false);
        }

        if (_options.BootstrapServers is null)
        {
            await StartMockKafkaAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.Provider.IsFake)
        {
            _fake = await FakeProviderServer.StartAsync(
                new FakeProviderOptions { Latency = _options.FakeLatency, LatencyJitter = _options.FakeLatencyJitter },
                cancellationToken).ConfigureAwait(false);
        }

        _host = PipelineHost.Build(Settings(), PipelineStages.All);
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartMockKafkaAsync(CancellationToken cancellationToken)
    {
        _kafka = MockKafkaCluster.Start();
        BootstrapServers = _kafka.BootstrapServers;
        foreach (var topic in Topics)
        {
            _kafka.CreateTopic(topic.Name, topic.Partitions);
        }

        // The sinks keep their Kafka positions in PostgreSQL. Positions left in this schema by an
        // earlier run point into a cluster that no longer exists; kept, they would make the sinks
        // skip the first messages of this one.
        await using var dataSource = PostgresDataSources.Create(_options.Postgres.ConnectionString, _options.Postgres.Schema);
        await new ConsumerOffsetStore(dataSource)
            .ForgetTopicsAsync(Topics.Select(t => t.Name).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private PipelineSettings Settings()
    {
        var configuration = new Dictionary<string, string?>();
        if (_options.Authentication is { } authentication)
        {
            authentication.KeyMaterial.AddTo(configuration);
        }
        else
        {
            // Asked for (dev --no-auth): the stack trusts its local producers; the redactor logs a warning at start.
            configuration["Authentication:Mode"] = AuthenticationModes.Disabled;
        }

        if (IsMockKafka)
        {
            // The mock holds a rebalance for the session timeout when a member joins a live group,
            // and answers a waiting fetch only when fetch.wait.max.ms passes.
            configuration["Kafka:SessionTimeoutMs"] = "3000";
            configuration["Kafka:FetchWaitMaxMs"] = "10";
        }

        foreach (var (name, value) in _options.KafkaProperties)
        {
            configuration[$"Kafka:Properties:{name}"] = value;
        }

        if (_options.Provider.IsFake)
        {
            const string Second = "Routing:Models:1:";
            configuration[Second + "Alias"] = SecondFakeModel;
            configuration[Second + "Deployments:0:Name"] = SecondFakeModel;
            configuration[Second + "Deployments:0:Model"] = SecondFakeModel;
            configuration[Second + "Deployments:0:Endpoint"] = ProviderEndpoint.ToString();
            configuration[Second + "Deployments:0:InputPricePerMillion"] = 2.50m.ToString(CultureInfo.InvariantCulture);
            configuration[Second + "Deployments:0:OutputPricePerMillion"] = 10.00m.ToString(CultureInfo.InvariantCulture);
        }

        return new PipelineSettings
        {
            BootstrapServers = BootstrapServers,
            TopicPrefix = _options.TopicPrefix,
            PostgresConnectionString = _options.Postgres.ConnectionString,
            PostgresSchema = _options.Postgres.Schema,
            ProviderEndpoint = ProviderEndpoint,
            ModelAlias = _options.Provider.Model,
            ProviderModel = _options.Provider.Model,
            ApiKeyEnv = _options.Provider.ApiKeyEnv,
            Configuration = configuration,
        };
    }

    /// <summary>Stops the stages (in-flight work finishes or is handed back), then the provider and Kafka.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            try
            {
                await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _host.Dispose();
                _host = null;
            }
        }

        if (_fake is not null)
        {
            await _fake.DisposeAsync().ConfigureAwait(false);
            _fake = null;
        }

        _kafka?.Dispose();
        _kafka = null;
    }
}
