using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction;
using LlmBroker.Redaction.Pii;
using LlmBroker.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmBroker.Pipeline.Tests.Privacy;

public sealed class PrivacyStartupTests
{
    [Fact]
    public async Task StartAsync_BadKeyRingAndPolicy_StopsListingEveryError()
    {
        using var host = Build(
            new Dictionary<string, string?>
            {
                ["Authentication:Mode"] = "Disabled",
                ["PiiKeys:ActiveKeyId"] = "k9",
                ["PiiKeys:Keys:0:Id"] = "k1",
                ["PiiKeys:Keys:0:Material"] = "dG9vIHNob3J0",
                ["Redaction:Policies:Default:Entities:Emial"] = "Mask",
                ["Redaction:Policies:Apps:hr:Output"] = "Shout",
            },
            services => services.AddSingleton<IPiiDetector>(TestPiiDetector.Instance).AddRedactorStage());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var text = Flatten(error);
        Assert.Contains("PiiKeys:Keys:0:Material is not 32 bytes of base64", text, StringComparison.Ordinal);
        Assert.Contains("PiiKeys:ActiveKeyId 'k9' names no key", text, StringComparison.Ordinal);
        Assert.Contains("Default:Entities:Emial: unknown entity type", text, StringComparison.Ordinal);
        Assert.Contains("Apps:hr:Output: unknown action 'Shout'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dG9vIHNob3J0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidatorWithoutDetector_StopsNamingTheMissingDetector()
    {
        using var host = Build(
            new Dictionary<string, string?>
            {
                ["PiiKeys:ActiveKeyId"] = "k1",
                ["PiiKeys:Keys:0:Id"] = "k1",
                ["PiiKeys:Keys:0:Material"] = PrivacyTestKit.NewKey(),
            },
            services => services.AddValidatorStage());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("no PII detector is registered", Flatten(error), StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> configuration, Action<IServiceCollection> stages)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configuration["Kafka:BootstrapServers"] = "127.0.0.1:1";
        builder.Configuration.AddInMemoryCollection(configuration);
        stages(builder.Services.AddLlmBrokerMessaging());
        return builder.Build();
    }

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join('\n', aggregate.InnerExceptions.Select(Flatten)),
        OptionsValidationException options => string.Join('\n', options.Failures),
        _ => error.ToString(),
    };
}
