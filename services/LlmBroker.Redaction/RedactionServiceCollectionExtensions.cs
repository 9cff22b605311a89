using LlmBroker.Contracts.V1;
using LlmBroker.Governance;
using LlmBroker.Messaging;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction.Privacy;
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
    /// (<c>Authentication:Mode=Signed</c>, needing PostgreSQL and the key secrets). Needs an
    /// <see cref="Pii.IPiiDetector"/> registered by the host (the recognizers) and the PII key ring in
    /// configuration.
    /// </summary>
    public static IServiceCollection AddRedactorStage(this IServiceCollection services)
    {
        services.AddOptions<EnvelopeOptions>().BindConfiguration(EnvelopeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<EnvelopeValidator>();
        // Authenticate, authorize and render templates before anything else (the governance snapshot
        // loads before the stage starts consuming).
        services.AddGovernance();
        services.AddPiiPrivacy().RequirePiiDetector();
        services.TryAddSingleton<IPromptRedactor, Pseudonymizer>();
        // A fast stage: a thousand in flight keeps it busy without holding much memory.
        services.Configure<ConsumerOptions>(StageName, o => o.MaxInFlight = 1000);
        services.AddMessageHandler<PromptRequest, RedactRequestHandler>(StageName, t => [t.Requests, t.RequestsBatch]);
        return services;
    }
}
