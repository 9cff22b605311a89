using LlmBroker.Redaction.Pii;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Privacy;

/// <summary>Registers what the workers share to protect PII: key ring, policies, vault, output scanner.</summary>
public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the PII key ring (<c>Redaction:Keys</c>) and policies (<c>Redaction:Policies</c>), both
    /// validated at start with every error listed. The <see cref="Pii.IPiiDetector"/> is registered
    /// separately (the recognizers); the output scanner and the redactor need it.
    /// </summary>
    public static IServiceCollection AddPiiPrivacy(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PiiKeyRing)))
        {
            return services;
        }

        services.AddOptions<PiiKeyRingOptions>().BindConfiguration(PiiKeyRingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PiiKeyRingOptions>, PiiKeyRingOptionsValidator>();
        services.AddOptions<PrivacyPolicyOptions>().BindConfiguration(PrivacyPolicyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyPolicyOptions>, PrivacyPolicyOptionsValidator>();
        services.AddSingleton<PiiKeyRing>();
        services.TryAddSingleton<PiiVault>();
        services.TryAddSingleton<PrivacyPolicies>();
        services.TryAddSingleton<OutputPiiScanner>();
        return services;
    }

    /// <summary>
    /// Stops the host at start when no <see cref="IPiiDetector"/> is registered: a stage that redacts
    /// or scans output must never run blind by accident.
    /// </summary>
    public static IServiceCollection RequirePiiDetector(this IServiceCollection services)
    {
        services.AddOptions<PrivacyPolicyOptions>().Validate<IServiceProvider>(
            (_, sp) => sp.GetService<IPiiDetector>() is not null,
            "no PII detector is registered: register the recognizers (IPiiDetector) before starting the redactor or the validator");
        return services;
    }
}
