using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Routing.Internal;
using LlmBroker.Routing.Providers;
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
    /// batch never takes the interactive lane's capacity.
    /// </summary>
    public static IServiceCollection AddRouterStages(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.TryAddSingleton<DeploymentCatalog>();
        services.TryAddSingleton<ProviderInvoker>();
        services.TryAddSingleton<IResponseCache, NoResponseCache>();
        services.TryAddSingleton<IPriceCatalog, NoPriceCatalog>();

        // Defaults before configuration binding, which may override them.
        services.Configure<ConsumerOptions>(InteractiveStage, o => o.MaxInFlight = 8000);
        services.Configure<ConsumerOptions>(BatchStage, o => o.MaxInFlight = 4000);
        services.AddMessageHandler<RedactedRequest, RouteRequestHandler>(InteractiveStage, t => [t.Redacted]);
        services.AddMessageHandler<RedactedRequest, RouteRequestHandler>(BatchStage, t => [t.RedactedBatch]);
        return services;
    }
}
