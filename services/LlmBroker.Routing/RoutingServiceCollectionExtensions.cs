using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction.Privacy;
using LlmBroker.Routing.Internal;
using LlmBroker.Routing.Limits;
using LlmBroker.Routing.Providers;
using LlmBroker.Routing.Sources;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing;

/// <summary>Registers the router stages.</summary>
public static class RoutingServiceCollectionExtensions
{
    /// <summary>Stage name of the interactive lane.</summary>
    public const string InteractiveStage = "router";

    /// <summary>Stage name of the batch lane (paced: fewer in flight by default).</summary>
    public const string BatchStage = "router-batch";

    /// <summary>
    /// Adds the router: one consume loop per lane, each with its own in-flight budget, so a large
    /// batch never takes the interactive lane's capacity. Needs an <see cref="LlmBroker.Redaction.Pii.IPiiDetector"/>
    /// registered by the host (streamed deltas are scanned for PII); without one the host stops at start.
    /// </summary>
    public static IServiceCollection AddRouterStages(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        // The PII key ring, policies and output scanner: streamed deltas go to the client with placeholders
        // restored and PII the model added handled by policy, so the router needs the recognizers too.
        services.AddPiiPrivacy().RequirePiiDetector();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeploymentHealthRegistry>();
        services.TryAddSingleton<DeploymentCatalog>();
        services.TryAddSingleton<ProviderInvoker>();
        services.TryAddSingleton<RequestRouter>();
        services.TryAddSingleton<IQuotaStore, InMemoryQuotaStore>();
        services.TryAddSingleton<IBudgetGuard, NoBudgetGuard>();
        services.TryAddSingleton<RateLimitRegistry>();
        services.TryAddSingleton<DeploymentLimits>();
        services.TryAddSingleton<AppLimitGate>();
        services.TryAddSingleton<CallGate>();

        // The database source and the change records exist when PostgreSQL is configured (a data source is registered).
        services.TryAddSingleton(sp => sp.GetService<NpgsqlDataSource>() is { } db ? new PostgresDeploymentSource(db) : null!);
        services.TryAddSingleton(sp => sp.GetService<NpgsqlDataSource>() is { } db ? new DeploymentChangeRecorder(db, sp.GetRequiredService<TimeProvider>()) : null!);
        services.AddSingleton<DeploymentReloadService>();

        // Registered before the stages, so routes are loaded (or the service stops on invalid ones) before any message is handled.
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentReloadService>());
        services.TryAddSingleton<IResponseCache, NoResponseCache>();
        services.TryAddSingleton<IProviderCredentials, ConfiguredKeysOnly>();
        services.TryAddSingleton<IPriceCatalog, NoPriceCatalog>();

        // Defaults before configuration binding, which may override them. A call in flight holds its
        // prompt, its answer and the SDK's, HttpClient's and Polly's state for as long as the provider
        // takes: with a 704 MiB heap (a ~940 MiB container) and a 1 s provider, 5,000 interactive calls
        // ran out of memory in about one failover run in ten, 4,000 did not, nor did 5,000 with a 1 GiB
        // heap; 8,000 did in one run in six with 1 KB prompts and in every run with 16 KB prompts
        // (tests/LlmBroker.Benchmarks/findings.md). The two lanes' bounds add up; the CallGate bounds
        // their calls together (Routing:MaxCallsInFlight).
        services.Configure<ConsumerOptions>(InteractiveStage, o => o.MaxInFlight = 5000);
        services.Configure<ConsumerOptions>(BatchStage, o => o.MaxInFlight = 4000);
        services.AddMessageHandler<RedactedRequest, RouteRequestHandler>(InteractiveStage, t => [t.Redacted]);
        services.AddMessageHandler<RedactedRequest, RouteRequestHandler>(BatchStage, t => [t.RedactedBatch]);
        return services;
    }
}
