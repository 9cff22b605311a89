using LlmBroker.Messaging.Hosting;
using LlmBroker.Redaction.Pii;
using LlmBroker.Routing.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Tests;

/// <summary>The router host at start: invalid routes stop it with every error listed; valid ones resolve without PostgreSQL.</summary>
public sealed class HostStartTests
{
    private static IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLlmBrokerMessaging().AddRouterStages();
        builder.Services.AddPiiDetector(builder.Configuration.GetSection(PiiDetectorOptions.SectionName));
        return builder.Build();
    }

    [Fact]
    public async Task Start_InvalidRoutes_StopsListingEveryError()
    {
        using var host = Build(new()
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Routing:Models:0:Alias"] = "chat",
            ["Routing:Models:0:Strategy"] = "fastest",
            ["Routing:Models:0:Deployments:0:Name"] = "d",
            ["Routing:Models:0:Deployments:0:Provider"] = "palm",
            ["Routing:Models:0:Deployments:0:Model"] = "m",
            ["Routing:Models:0:Deployments:0:Endpoint"] = "nope",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("Strategy 'fastest'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Provider 'palm'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Endpoint 'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_WithoutPostgres_ReloadServiceAndCatalogReady()
    {
        using var host = Build(new()
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Routing:Models:0:Alias"] = "chat",
            ["Routing:Models:0:Deployments:0:Name"] = "d",
            ["Routing:Models:0:Deployments:0:Provider"] = "anthropic",
            ["Routing:Models:0:Deployments:0:Model"] = "claude",
            ["Routing:Models:0:Deployments:0:Endpoint"] = "https://api.anthropic.com",
        });

        var reload = host.Services.GetRequiredService<DeploymentReloadService>();

        Assert.NotNull(reload);
        Assert.Equal(["chat"], host.Services.GetRequiredService<Providers.DeploymentCatalog>().Aliases);
    }
}
