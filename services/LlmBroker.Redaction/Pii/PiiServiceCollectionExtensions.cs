using LlmBroker.Redaction.Pii.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Pii;

/// <summary>Registers the PII detector.</summary>
public static class PiiServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="PiiDetector"/> as the singleton <see cref="IPiiDetector"/>, its options bound
    /// from <paramref name="section"/> (usually the <c>Pii</c> section) and validated at start: an
    /// invalid configuration stops the host with every error listed.
    /// </summary>
    public static IServiceCollection AddPiiDetector(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<PiiDetectorOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PiiDetectorOptions>, PiiDetectorOptionsValidator>());
        services.TryAddSingleton(sp => new PiiDetector(sp.GetRequiredService<IOptions<PiiDetectorOptions>>().Value));
        services.TryAddSingleton<IPiiDetector>(sp => sp.GetRequiredService<PiiDetector>());
        return services;
    }
}
