using LlmBroker.Routing.Internal;
using LlmBroker.Routing.Sources;

namespace LlmBroker.Routing.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("routing-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Validate_ManyProblems_EveryOneListedWithWhereItIs()
    {
        var options = new RoutingOptions
        {
            Models =
            [
                new ModelRouteOptions
                {
                    Alias = "gpt",
                    Strategy = "fastest",
                    Fallbacks = ["nowhere"],
                    HedgingDelay = TimeSpan.Zero,
                    Deployments =
                    [
                        new DeploymentOptions { Name = "a", Provider = "bedrock", Model = "", Endpoint = "not a url", Weight = -1, ContextWindow = -5 },
                        new DeploymentOptions { Name = "a", Model = "x", ApiKeyEnv = "LLMBROKER_SURELY_UNSET_VARIABLE", Tpm = -1, InputPricePerMillion = -1 },
                    ],
                },
                new ModelRouteOptions { Alias = "gpt" },
            ],
            MaxRetries = 99,
            CircuitBreaker = new CircuitBreakerOptions { FailureRatio = 2, MinimumThroughput = 1 },
        };

        var result = new RoutingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var errors = result.Failures!.ToList();
        string[] expected =
        [
            "Routing:Models:0:Strategy 'fastest' is not one of",
            "Routing:Models:0:HedgingDelay must be positive",
            "Routing:Models:0:Deployments:0:Provider 'bedrock' is not one of: openai, azure, anthropic",
            "Routing:Models:0:Deployments:0:Model is required",
            "Routing:Models:0:Deployments:0:Endpoint 'not a url'",
            "Routing:Models:0:Deployments:0:Weight must not be negative",
            "Routing:Models:0:Deployments:0:ContextWindow must not be negative",
            "Routing:Models:0:Deployments:1:Name 'a' is used by another deployment",
            "Routing:Models:0:Deployments:1:ApiKeyEnv names the environment variable 'LLMBROKER_SURELY_UNSET_VARIABLE'",
            "Routing:Models:0:Deployments:1:Rpm and Tpm must not be negative",
            "Routing:Models:0:Deployments:1: prices must not be negative",
            "Routing:Models:1:Alias 'gpt' is defined twice",
            "Routing:Models:1:Deployments must list at least one deployment",
            "alias 'gpt' falls back to 'nowhere', which is not an alias",
            "Routing:MaxRetries must be between 0 and 20",
            "Routing:CircuitBreaker:FailureRatio",
            "Routing:CircuitBreaker:MinimumThroughput",
        ];
        foreach (var e in expected)
        {
            Assert.Contains(errors, error => error.Contains(e, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, errors.Count);
    }

    [Fact]
    public void YamlFile_LiteLlmStyleModelList_Loaded()
    {
        var path = Path.Combine(_directory, "deployments.yaml");
        File.WriteAllText(path, """
            models:
              - alias: gpt-4o
                strategy: least-latency
                fallbacks: [claude]
                contextWindowFallbacks: [claude]
                hedgingDelay: 1500ms
                deployments:
                  - name: azure-eu
                    provider: azure
                    model: gpt-4o
                    endpoint: https://contoso.openai.azure.com/
                    apiKey: k1
                    weight: 3
                    rpm: 600
                    tpm: 150000
                    contextWindow: 128000
                    region: eu
                    tags: [premium]
                    inputPricePerMillion: 2.5
                    outputPricePerMillion: 10
                    cachedInputPricePerMillion: 1.25
              - alias: claude
                deployments:
                  - name: claude-direct
                    provider: anthropic
                    model: claude-sonnet-4
                    endpoint: https://api.anthropic.com
                    apiKey: k2
                    contextWindow: 200000
            """);

        var errors = new List<string>();
        var models = YamlDeploymentsFile.TryLoad(path, errors);
        var result = new RoutingOptionsValidator().Validate(null, new RoutingOptions { DeploymentsFile = path });

        Assert.Empty(errors);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(["gpt-4o", "claude"], models.Select(m => m.Alias));
        var gpt = models[0];
        Assert.Equal((RoutingStrategies.LeastLatency, TimeSpan.FromMilliseconds(1500)), (gpt.Strategy, gpt.HedgingDelay));
        var azure = gpt.Deployments[0];
        Assert.Equal((ProviderTypes.AzureOpenAI, 3, 600, 150000, 128000, "eu", 2.5m, 1.25m), (azure.Provider, azure.Weight, azure.Rpm, azure.Tpm, azure.ContextWindow, azure.Region, azure.InputPricePerMillion, azure.CachedInputPricePerMillion));
        Assert.Equal(["premium"], azure.Tags);
    }

    [Fact]
    public void YamlFile_SyntaxError_ReportedWithItsLine()
    {
        var path = Path.Combine(_directory, "broken.yaml");
        File.WriteAllText(path, "models:\n  - alias: a\n    deployments:\n      - name: x\n        weight: lots\n");

        var result = new RoutingOptionsValidator().Validate(null, new RoutingOptions { DeploymentsFile = path });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, e => e.StartsWith($"{path}: line 5:", StringComparison.Ordinal));
    }

    [Fact]
    public void YamlFile_SemanticErrors_EveryOneListedWithTheFile()
    {
        var path = Path.Combine(_directory, "invalid.yaml");
        File.WriteAllText(path, """
            models:
              - alias: a
                strategy: round-robin
                deployments:
                  - name: x
                    provider: anthropic
                    model: ""
            """);

        var result = new RoutingOptionsValidator().Validate(null, new RoutingOptions { DeploymentsFile = path });

        Assert.Equal(2, result.Failures!.Count());
        Assert.All(result.Failures!, e => Assert.StartsWith(path, e, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoAliasAnywhere_Fails()
    {
        var result = new RoutingOptionsValidator().Validate(null, new RoutingOptions());
        Assert.Contains(result.Failures!, e => e.Contains("at least one model alias", StringComparison.Ordinal));
    }
}
