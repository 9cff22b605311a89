using System.Globalization;
using System.Security.Cryptography;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction;
using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Privacy;
using LlmBroker.Routing;
using LlmBroker.Sinks;
using LlmBroker.Storage.Secrets;
using LlmBroker.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmBroker.DevStack;

/// <summary>Stages a pipeline host runs.</summary>
[Flags]
public enum PipelineStages
{
    /// <summary>No stage.</summary>
    None = 0,

    /// <summary>The redactor.</summary>
    Redactor = 1,

    /// <summary>The router (both lanes).</summary>
    Router = 2,

    /// <summary>The validator.</summary>
    Validator = 4,

    /// <summary>The audit writer sink.</summary>
    AuditWriter = 8,

    /// <summary>The cost rollup sink.</summary>
    CostRollup = 16,

    /// <summary>The cache writer sink.</summary>
    CacheWriter = 32,

    /// <summary>Redactor, router and validator.</summary>
    Workers = Redactor | Router | Validator,

    /// <summary>The three sinks.</summary>
    Sinks = AuditWriter | CostRollup | CacheWriter,

    /// <summary>Every stage.</summary>
    All = Workers | Sinks,
}

/// <summary>Where the stages of a development or test pipeline connect.</summary>
public sealed class PipelineSettings
{
    /// <summary>Kafka bootstrap servers.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Topic prefix. Default: none.</summary>
    public string TopicPrefix { get; init; } = "";

    /// <summary>PostgreSQL connection string; needed by the sinks and the router's cache.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>PostgreSQL schema. Default: llmbroker.</summary>
    public string PostgresSchema { get; init; } = "llmbroker";

    /// <summary>OpenAI-compatible endpoint (with /v1) of the single deployment.</summary>
    public required Uri ProviderEndpoint { get; init; }

    /// <summary>Model alias callers use, served by the deployment. Default: gpt-4o-mini.</summary>
    public string ModelAlias { get; init; } = "gpt-4o-mini";

    /// <summary>Provider model name. Default: gpt-4o-mini.</summary>
    public string ProviderModel { get; init; } = "gpt-4o-mini";

    /// <summary>Environment variable holding the provider key; none for a keyless local server.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>USD per million input tokens. Default: 0.15 (gpt-4o-mini list price).</summary>
    public decimal InputPricePerMillion { get; init; } = 0.15m;

    /// <summary>USD per million output tokens. Default: 0.60 (gpt-4o-mini list price).</summary>
    public decimal OutputPricePerMillion { get; init; } = 0.60m;

    /// <summary>Further configuration keys (e.g. <c>Stages:router:MaxInFlight</c>).</summary>
    public IDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Last-word service registrations, applied after the stages' defaults, so a registration here
    /// replaces a default (e.g. the <see cref="IPiiDetector"/> or a test clock). Default: none.
    /// </summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Lowest log level written to the console. Default: warning.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>A further log destination (tests read what the stages log); null for the console only.</summary>
    public ILoggerProvider? LoggerProvider { get; init; }
}

/// <summary>Builds a host running some or all pipeline stages in one process.</summary>
public static class PipelineHost
{
    // Every host of this process shares one random PII key unless configuration names keys: stages
    // in separate processes need a configured ring (PiiKeys).
    private static readonly string s_processPiiKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Builds (does not start) a host running <paramref name="stages"/>.</summary>
    public static IHost Build(PipelineSettings settings, PipelineStages stages = PipelineStages.All)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(ToConfiguration(settings));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(settings.MinimumLogLevel);
        if (settings.LoggerProvider is not null)
        {
            builder.Logging.AddProvider(settings.LoggerProvider);
        }

        var services = builder.Services.AddLlmBrokerMessaging();

        // The production recognizers (section Pii); ConfigureServices may register another detector.
        services.AddPiiDetector(builder.Configuration.GetSection(PiiDetectorOptions.SectionName));
        if (stages.HasFlag(PipelineStages.Redactor))
        {
            services.AddRedactorStage();
        }

        if (stages.HasFlag(PipelineStages.Router))
        {
            // Stored provider keys load before the router consumes its first request.
            if (builder.Configuration.GetSection(MasterKeyOptions.SectionName).Exists())
            {
                services.AddPostgresProviderCredentials();
            }

            services.AddRouterStages();
            if (settings.PostgresConnectionString is not null)
            {
                services.AddPostgresResponseCache().AddPostgresPrices().AddPostgresRateLimits();
            }
        }

        if (stages.HasFlag(PipelineStages.Validator))
        {
            services.AddValidatorStage();
        }

        if (stages.HasFlag(PipelineStages.AuditWriter))
        {
            services.AddAuditWriterStage();
        }

        if (stages.HasFlag(PipelineStages.CostRollup))
        {
            services.AddCostRollupStage();
        }

        if (stages.HasFlag(PipelineStages.CacheWriter))
        {
            services.AddCacheWriterStage();
        }

        settings.ConfigureServices?.Invoke(services);
        return builder.Build();
    }

    private static Dictionary<string, string?> ToConfiguration(PipelineSettings settings)
    {
        var config = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = settings.BootstrapServers,
            ["Kafka:TopicPrefix"] = settings.TopicPrefix,
            ["Postgres:ConnectionString"] = settings.PostgresConnectionString,
            ["Postgres:Schema"] = settings.PostgresSchema,
            ["Routing:Models:0:Alias"] = settings.ModelAlias,
            ["Routing:Models:0:Deployments:0:Name"] = "default",
            ["Routing:Models:0:Deployments:0:Provider"] = ProviderTypes.OpenAI,
            ["Routing:Models:0:Deployments:0:Model"] = settings.ProviderModel,
            ["Routing:Models:0:Deployments:0:Endpoint"] = settings.ProviderEndpoint.ToString(),
            ["Routing:Models:0:Deployments:0:ApiKeyEnv"] = settings.ApiKeyEnv,
            ["Routing:Models:0:Deployments:0:InputPricePerMillion"] = settings.InputPricePerMillion.ToString(CultureInfo.InvariantCulture),
            ["Routing:Models:0:Deployments:0:OutputPricePerMillion"] = settings.OutputPricePerMillion.ToString(CultureInfo.InvariantCulture),
            ["PiiKeys:ActiveKeyId"] = "process",
            ["PiiKeys:Keys:0:Id"] = "process",
            ["PiiKeys:Keys:0:Material"] = s_processPiiKey,
        };
        foreach (var (key, value) in settings.Configuration)
        {
            config[key] = value;
        }

        return config;
    }
}
