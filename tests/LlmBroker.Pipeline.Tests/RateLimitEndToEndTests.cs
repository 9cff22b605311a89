using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.FakeProvider;
using LlmBroker.Routing.Limits;

namespace LlmBroker.Pipeline.Tests;

/// <summary>Deployment rate limits through the whole pipeline: saturation, fallback, lanes, two routers.</summary>
public sealed class RateLimitEndToEndTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Saturation_BatchAgainst600And300Rpm_AllCompleteWithinLimitsAndInteractiveFinishesFirst()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "saturation");
        stack.Provider.Behavior.Latency = TimeSpan.FromMilliseconds(10);
        await stack.StartHostAsync(PipelineStages.All, TwoDeployments(stack.Provider, primaryRpm: 600, fallbackRpm: 300));
        // 400 by default (about 20 s); LLMBROKER_SATURATION_REQUESTS=5000 runs the full-size case (about 6 minutes).
        var count = int.TryParse(Environment.GetEnvironmentVariable("LLMBROKER_SATURATION_REQUESTS"), out var n) && n > 200 ? n : 400;
        var batch = Enumerable.Range(0, count).Select(i => Lane(PipelineTestStack.Request($"batch {i}"), "saturation")).ToArray();
        var interactive = Enumerable.Range(0, 20).Select(i => PipelineTestStack.Request($"interactive {i}")).ToArray();

        var started = DateTimeOffset.UtcNow;
        var submitInteractive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchRun = stack.Client.SubmitBatchAsync(batch, count > 400 ? TimeSpan.FromMinutes(10) : s_timeout, new SyncProgress(p =>
        {
            if (p.Completed >= count * 45 / 100)
            {
                submitInteractive.TrySetResult();
            }
        }));
        await submitInteractive.Task.WaitAsync(s_timeout);
        var interactiveResults = await stack.Client.SubmitBatchAsync(interactive, s_timeout);
        var batchResults = await batchRun;
        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;

        Assert.Equal(count, batchResults.Count);
        Assert.All(batchResults, r => Assert.Equal(ResultStatus.Ok, r.Status));
        Assert.Equal(20, interactiveResults.Count);
        Assert.All(interactiveResults, r => Assert.Equal(ResultStatus.Ok, r.Status));

        // Interactive requests submitted mid-batch finish before the batch does.
        var lastInteractive = interactiveResults.Max(r => r.Times.ValidatedAt.ToDateTimeOffset());
        var lastBatch = batchResults.Max(r => r.Times.ValidatedAt.ToDateTimeOffset());
        Assert.True(lastInteractive < lastBatch, $"last interactive result {lastInteractive:O} came after the last batch result {lastBatch:O}");

        // Neither deployment went past its limit: its burst plus its rate over the run, plus one fetch chunk.
        var calls = stack.Provider.Requests;
        var primary = calls.Count(c => c.Model == "gpt-4o-mini");
        var fallback = calls.Count(c => c.Model == "gpt-4o-mini-fallback");
        Assert.Equal(count + 20, primary + fallback);
        output.WriteLine($"saturation: {count} batch + 20 interactive in {elapsed:F1} s; primary {primary} calls (allowed {Allowed(600, elapsed)}), fallback {fallback} (allowed {Allowed(300, elapsed)}); last interactive {lastInteractive:O}, last batch {lastBatch:O}");
        Assert.True(fallback > 0, "the fallback deployment took work when the primary was saturated");
        Assert.InRange(primary, 1, Allowed(600, elapsed));
        Assert.InRange(fallback, 1, Allowed(300, elapsed));
    }

    [Fact]
    public async Task TwoRouters_SharingADeploymentLimit_StayWithinItTogether()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "tworouters");
        var limited = new Dictionary<string, string?> { ["Routing:Models:0:Deployments:0:Rpm"] = "240" };
        await stack.StartHostAsync(PipelineStages.All, limited);
        await stack.StartHostAsync(PipelineStages.Redactor | PipelineStages.Router, limited);
        await stack.WaitForStageInHostsAsync("redactor", 2, s_timeout);
        await stack.WaitForStageInHostsAsync("router-batch", 2, s_timeout);
        var batch = Enumerable.Range(0, 150).Select(i => Lane(PipelineTestStack.Request($"shared {i}"), "tworouters")).ToArray();
        var started = DateTimeOffset.UtcNow;

        var results = await stack.Client.SubmitBatchAsync(batch, s_timeout);
        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;

        Assert.Equal(150, results.Count);
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        var calls = stack.Provider.Requests.Count;
        Assert.Equal(150, calls);
        // 40 of burst, then 4 a second: 150 calls cannot take less than ~27 s when the limit holds across both routers.
        Assert.True(calls <= Allowed(240, elapsed), $"{calls} calls in {elapsed:F1} s exceed 240 rpm shared by two routers");
        Assert.Equal(1L, await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM rate_buckets"));
    }

    [Fact]
    public async Task Interactive_AtTheLimitPastItsDeadline_RateLimitedWithTheReason()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "ratelimited");
        await stack.StartHostAsync(PipelineStages.All, new Dictionary<string, string?> { ["Routing:Models:0:Deployments:0:Rpm"] = "60" });
        // Every stage has joined its group before the deadlines start to run.
        Assert.Equal(ResultStatus.Ok, (await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("warm up"), s_timeout)).Status);
        var started = DateTimeOffset.UtcNow;
        var requests = Enumerable.Range(0, 25).Select(i =>
        {
            var request = PipelineTestStack.Request($"hurry {i}");
            request.Deadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(started.AddSeconds(4));
            return request;
        }).ToArray();

        var results = await stack.Client.SubmitBatchAsync(requests, s_timeout);
        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;

        var ok = results.Count(r => r.Status == ResultStatus.Ok);
        var limited = results.Where(r => r.Status == ResultStatus.RateLimited).ToArray();
        Assert.Equal(25, results.Count);
        Assert.Equal(25, ok + limited.Length);
        Assert.NotEmpty(limited);
        Assert.InRange(ok + 1, 1, Allowed(60, elapsed)); // the warm-up took a token too
        Assert.All(limited, r =>
        {
            Assert.Equal("rate_limited", r.Error.Code);
            Assert.Contains("at its rate limit (default)", r.Error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(ok + 1, stack.Provider.Requests.Count);
    }

    private static int Allowed(int rpm, double seconds) =>
        (int)(Math.Floor(rpm / 60.0 * RateLimitRegistry.BurstSeconds) + (rpm / 60.0 * seconds) + (2 * Math.Max(1, Math.Floor(rpm / 60.0 / 4))));

    [Fact]
    public async Task CallsInFlight_BothLanesBusy_TogetherStayWithinTheProcessBound()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "callbound");
        stack.Provider.Behavior.Latency = TimeSpan.FromMilliseconds(200);
        // Each lane alone may run far more calls than the process bound.
        await stack.StartHostAsync(PipelineStages.All, new Dictionary<string, string?>
        {
            ["Routing:MaxCallsInFlight"] = "4",
            ["Stages:router:MaxInFlight"] = "50",
            ["Stages:router-batch:MaxInFlight"] = "50",
        });
        var batch = Enumerable.Range(0, 40).Select(i => Lane(PipelineTestStack.Request($"bounded batch {i}"), "callbound")).ToArray();
        var interactive = Enumerable.Range(0, 20).Select(i => PipelineTestStack.Request($"bounded interactive {i}")).ToArray();

        var results = await Task.WhenAll(stack.Client.SubmitBatchAsync(batch, s_timeout), stack.Client.SubmitBatchAsync(interactive, s_timeout));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(ResultStatus.Ok, r.Status));
        Assert.Equal(60, results.Sum(r => r.Count));
        Assert.InRange(stack.Provider.Stats.MaxInFlight, 1, 4);
    }

    private static PromptRequest Lane(PromptRequest request, string batchId)
    {
        request.Lane = LlmBroker.Contracts.V1.Lane.Batch;
        request.BatchId = batchId;
        return request;
    }

    private static Dictionary<string, string?> TwoDeployments(FakeProviderServer provider, int primaryRpm, int fallbackRpm) => new()
    {
        ["Routing:Models:0:Deployments:0:Rpm"] = primaryRpm.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Routing:Models:0:Deployments:1:Name"] = "fallback",
        ["Routing:Models:0:Deployments:1:Provider"] = "openai",
        ["Routing:Models:0:Deployments:1:Model"] = "gpt-4o-mini-fallback",
        ["Routing:Models:0:Deployments:1:Endpoint"] = provider.OpenAIEndpoint.ToString(),
        ["Routing:Models:0:Deployments:1:Rpm"] = fallbackRpm.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Routing:Models:0:Deployments:1:InputPricePerMillion"] = "0.15",
        ["Routing:Models:0:Deployments:1:OutputPricePerMillion"] = "0.60",
    };
}
