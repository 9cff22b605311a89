using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction.Privacy;
using LlmBroker.Validation.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmBroker.Validation;

/// <summary>Registers the validator stage.</summary>
public static class ValidationServiceCollectionExtensions
{
    /// <summary>Stage name of the validator.</summary>
    public const string StageName = "validator";

    /// <summary>
    /// Adds the validator stage reading llm.responses, with its options (section <c>Validation</c>)
    /// checked at start. Needs an <see cref="LlmBroker.Redaction.Pii.IPiiDetector"/> registered by the
    /// host (output scanning) and the PII key ring in configuration (restoring).
    /// </summary>
    public static IServiceCollection AddValidatorStage(this IServiceCollection services)
    {
        services.AddOptions<ValidationOptions>().BindConfiguration(ValidationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ValidationOptions>, ValidationOptionsValidator>();
        services.TryAddSingleton<IOutputValidator, OutputValidator>();
        services.AddPiiPrivacy().RequirePiiDetector();
        services.TryAddSingleton<IPiiRestorer, PlaceholderRestorer>();
        services.Configure<ConsumerOptions>(StageName, o => o.MaxInFlight = 1000);
        services.AddMessageHandler<ProviderResponse, ValidateResponseHandler>(StageName, t => [t.Responses]);
        return services;
    }
}
