using LlmBroker.Contracts.V1;
using LlmBroker.Governance;
using LlmBroker.Messaging;
using LlmBroker.Messaging.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LlmBroker.Redaction;

/// <summary>Registers the redactor stage.</summary>
public static class RedactionServiceCollectionExtensions
{
    /// <summary>Stage name of the redactor (its consumer group is <c>llmbroker-redactor</c>).</summary>
    public const string StageName = "redactor";

    /// <summary>
    /// Adds the redactor stage reading both request lanes. Requests are authenticated by default
    /// (<c>Authentication:Mode=Signed</c>, needing PostgreSQL and the key secrets).
    /// </summary>
    public static IServiceCollection AddRedactorStage(this IServiceCollection services)
    {
        services.AddOptions<EnvelopeOptions>().BindConfiguration(EnvelopeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<EnvelopeValidator>();
        // Authenticate, authorize and render templates before anything else (the governance snapshot
        // loads before the stage starts consuming).
        services.AddGovernance();
        services.TryAddSingleton<IPromptRedactor, PassThroughRedactor>();
        // A fast stage: a thousand in flight keeps it busy without holding much memory.
        services.Configure<ConsumerOptions>(StageName, o => o.MaxInFlight = 1000);
        services.AddMessageHandler<PromptRequest, RedactRequestHandler>(StageName, t => [t.Requests, t.RequestsBatch]);
        return services;
    }
}
