using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.FakeProvider;

namespace LlmBroker.Pipeline.Tests;

/// <summary>Multi-deployment routing through Kafka: failover, context-window fallback to another alias, and a pinned deployment.</summary>
public sealed class RoutingEndToEndTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private static async Task<PipelineTestStack> StartAsync(string name, Dictionary<string, string?> routing)
    {
        var stack = await PipelineTestStack.StartAsync(PipelineStages.None, name);
        var endpoint = stack.Provider.OpenAIEndpoint.ToString();
        var configuration = new Dictionary<string, string?>
        {
            // The default alias gets a backup that only ever serves as fallback (weight 0).
            ["Routing:Models:0:Deployments:1:Name"] = "backup",
            ["Routing:Models:0:Deployments:1:Model"] = "backup-model",
            ["Routing:Models:0:Deployments:1:Endpoint"] = endpoint,
            ["Routing:Models:0:Deployments:1:Weight"] = "0",
        };
        foreach (var (key, value) in routing)
        {
            configuration[key] = value?.Replace("{endpoint}", endpoint, StringComparison.Ordinal);
        }

        await stack.StartHostAsync(PipelineStages.Workers, configuration);
        return stack;
    }

    [Fact]
    public async Task Submit_FirstDeploymentDown_AnsweredByTheBackupWithEveryAttemptInTheResult()
    {
        await using var stack = await StartAsync("e2efailover", new() { ["Routing:MaxRetries"] = "1" });
        stack.Provider.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServerError, Model = "gpt-4o-mini" });

        var result = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("failover please"), s_timeout);

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal("backup", result.Deployment);
        Assert.Equal("echo: failover please", result.Output);
        Assert.Equal(
            [("default", 500), ("default", 500), ("backup", 200)],
            result.Attempts.Select(a => (a.Deployment, a.StatusCode)));
    }

    [Fact]
    public async Task Submit_PromptTooLongForTheAlias_RoutedToItsContextWindowFallback()
    {
        await using var stack = await StartAsync("e2econtext", new()
        {
            ["Routing:Models:1:Alias"] = "small",
            ["Routing:Models:1:ContextWindowFallbacks:0"] = "gpt-4o-mini",
            ["Routing:Models:1:Deployments:0:Name"] = "small-deployment",
            ["Routing:Models:1:Deployments:0:Model"] = "small-model",
            ["Routing:Models:1:Deployments:0:Endpoint"] = "{endpoint}",
            ["Routing:Models:1:Deployments:0:ContextWindow"] = "64",
        });

        var shortOne = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("short", model: "small"), s_timeout);
        var longOne = await stack.Client.SubmitAndWaitAsync(
            PipelineTestStack.Request(string.Join(' ', Enumerable.Repeat("many words here", 40)), model: "small"), s_timeout);

        Assert.Equal(("small-deployment", ResultStatus.Ok), (shortOne.Deployment, shortOne.Status));
        Assert.Equal(("default", ResultStatus.Ok), (longOne.Deployment, longOne.Status));
        Assert.Single(longOne.Attempts);
        Assert.Equal(1, stack.Provider.Requests.Count(r => r.Model == "small-model"));
    }

    [Fact]
    public async Task Submit_DeploymentPinnedByTag_OnlyThatDeploymentCalled()
    {
        await using var stack = await StartAsync("e2epin", new());
        var request = PipelineTestStack.Request("pinned");
        request.Tags["route_deployment"] = "backup";
        var unknown = PipelineTestStack.Request("pinned elsewhere");
        unknown.Tags["route_deployment"] = "nowhere";

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var rejected = await stack.Client.SubmitAndWaitAsync(unknown, s_timeout);

        Assert.Equal(("backup", ResultStatus.Ok), (result.Deployment, result.Status));
        Assert.Equal(["backup-model"], stack.Provider.Requests.Select(r => r.Model));
        Assert.Equal(ResultStatus.Rejected, rejected.Status);
        Assert.Equal("no_matching_deployment", rejected.Error.Code);
    }
}
