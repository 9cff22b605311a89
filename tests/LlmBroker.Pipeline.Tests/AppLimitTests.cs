using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Routing.Limits;

namespace LlmBroker.Pipeline.Tests;

/// <summary>An app's budget and rate limits, from its policy, enforced end to end.</summary>
public sealed class AppLimitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Budget_200ConcurrentRequestsAgainstABudgetFor50_NoOvershootPastOneRequestAndOneAlert()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("appbudget", stages: PipelineStages.All);
        var client = pipeline.Client();
        var probe = await client.SubmitAndWaitAsync(Limited(PipelineTestStack.Request("question 000")), s_timeout);
        Assert.Equal(ResultStatus.Ok, probe.Status);
        var cost = probe.CostNanoUsd;
        Assert.True(cost > 0);

        // The month's budget row starts from the ledger: let the probe's cost reach it first.
        await Eventually.TrueAsync(async () => await pipeline.Stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") == 1, s_timeout, "the probe in the ledger");
        var app = (await pipeline.Store.GetAppAsync(GovernedPipeline.Tenant, GovernedPipeline.AppName))!;
        // Budgets are stored with six decimals.
        var hard = Math.Round(StageClock.NanoUsdToUsd(cost * 50), 6);
        var soft = Math.Round(StageClock.NanoUsdToUsd(cost * 25), 6);
        var hardNano = (long)(hard * 1_000_000_000m);
        await pipeline.Store.UpdateAppAsync(app with { MonthlyBudgetSoftUsd = soft, MonthlyBudgetHardUsd = hard });
        await pipeline.WaitForSnapshotAsync(s => s.Apps[(GovernedPipeline.Tenant, GovernedPipeline.AppName)].MonthlyBudgetHardUsd == hard, "the budget in the redactor");

        var requests = Enumerable.Range(1, 200).Select(i => Limited(PipelineTestStack.Request($"question {i:000}"))).ToArray();
        var results = await client.SubmitBatchAsync(requests, s_timeout);

        var ok = results.Where(r => r.Status == ResultStatus.Ok).ToArray();
        var refused = results.Where(r => r.Status == ResultStatus.Rejected).ToArray();
        Assert.Equal(200, results.Count);
        Assert.Equal(200, ok.Length + refused.Length);
        Assert.InRange(ok.Length, 1, 50);
        Assert.All(refused, r => Assert.Equal("budget_exceeded", r.Error.Code));
        var maxCost = ok.Append(probe).Max(r => r.CostNanoUsd);
        var spent = probe.CostNanoUsd + ok.Sum(r => r.CostNanoUsd);
        Assert.True(spent <= hardNano + maxCost, $"spent {spent} nano-USD against a hard budget of {hardNano}");
        Assert.Equal(spent, await pipeline.Stack.Schema.ScalarAsync<long>("SELECT spent_nano FROM budget_usage"));
        Assert.Equal(0L, await pipeline.Stack.Schema.ScalarAsync<long>("SELECT reserved_nano FROM budget_usage"));
        Assert.Equal(pipeline.Stack.Provider.Requests.Count, ok.Length + 1);

        var alerts = await pipeline.ReadAllAsync<BudgetAlert>(pipeline.Stack.Names.Alerts);
        var alert = Assert.Single(alerts);
        Assert.Equal(GovernedPipeline.AppName, alert.App);
        Assert.True(alert.SpentNanoUsd >= (long)(soft * 1_000_000_000m));
    }

    [Fact]
    public async Task AppRpm_InteractivePastItsDeadline_RateLimitedWhileTheProviderHasRoom()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("apprpm", stages: PipelineStages.All);
        var app = (await pipeline.Store.GetAppAsync(GovernedPipeline.Tenant, GovernedPipeline.AppName))!;
        await pipeline.Store.UpdateAppAsync(app with { RpmLimit = 30 });
        await pipeline.WaitForSnapshotAsync(s => s.Apps[(GovernedPipeline.Tenant, GovernedPipeline.AppName)].RpmLimit == 30, "the limit in the redactor");
        // Every stage has joined its group before the deadlines start to run (this takes one token).
        var client = pipeline.Client();
        Assert.Equal(ResultStatus.Ok, (await client.SubmitAndWaitAsync(PipelineTestStack.Request("warm up"), s_timeout)).Status);
        var started = DateTimeOffset.UtcNow;
        var requests = Enumerable.Range(0, 12).Select(i =>
        {
            var request = PipelineTestStack.Request($"paced {i}");
            request.Deadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(started.AddSeconds(3));
            return request;
        }).ToArray();

        var results = await client.SubmitBatchAsync(requests, s_timeout);
        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;

        var ok = results.Count(r => r.Status == ResultStatus.Ok);
        var limited = results.Where(r => r.Status == ResultStatus.RateLimited).ToArray();
        Assert.Equal(12, ok + limited.Length);
        Assert.NotEmpty(limited);
        // 5 of burst at 30 rpm, then one every two seconds; the provider itself has no limit.
        Assert.InRange(ok + 1, 1, (int)(5 + (elapsed / 2) + 1));
        Assert.All(limited, r => Assert.Contains("limit of 30 requests per minute", r.Error.Message, StringComparison.Ordinal));
        Assert.Equal(ok + 1, pipeline.Stack.Provider.Requests.Count);
    }

    [Fact]
    public async Task AppRpm_TwoRouters_StayWithinTheAppLimitTogether()
    {
        await using var pipeline = await GovernedPipeline.StartAsync("apptworouters", stages: PipelineStages.All);
        await pipeline.StartAnotherHostAsync(PipelineStages.Redactor | PipelineStages.Router);
        await pipeline.Stack.WaitForStageInHostsAsync("redactor", 2, s_timeout);
        await pipeline.Stack.WaitForStageInHostsAsync("router", 2, s_timeout);
        var app = (await pipeline.Store.GetAppAsync(GovernedPipeline.Tenant, GovernedPipeline.AppName))!;
        await pipeline.Store.UpdateAppAsync(app with { RpmLimit = 120 });
        await pipeline.WaitForSnapshotAsync(s => s.Apps[(GovernedPipeline.Tenant, GovernedPipeline.AppName)].RpmLimit == 120, "the limit in the redactor");
        var client = pipeline.Client();
        var started = DateTimeOffset.UtcNow;

        // Interactive requests wait for the app's tokens (up to the router's interactive wait), on
        // whichever router their partition landed.
        var results = await client.SubmitBatchAsync(Enumerable.Range(0, 60).Select(i => PipelineTestStack.Request($"shared {i}")).ToArray(), s_timeout);
        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;

        Assert.Equal(60, results.Count);
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        var calls = pipeline.Stack.Provider.Requests.Count;
        Assert.Equal(60, calls);
        // 20 of burst at 120 rpm, then 2 a second: 60 calls cannot take less than ~20 s when one
        // bucket in PostgreSQL paces both routers (each alone would allow twice as many).
        var allowed = (int)(Math.Floor(2.0 * RateLimitRegistry.BurstSeconds) + (2.0 * elapsed) + 2);
        Assert.True(calls <= allowed, $"{calls} calls in {elapsed:F1} s exceed the app's 120 rpm shared by two routers");
        Assert.True(await pipeline.Stack.Schema.ScalarAsync<long>("SELECT count(*) FROM rate_buckets") >= 1, "the app's bucket is shared in PostgreSQL");
    }

    private static PromptRequest Limited(PromptRequest request)
    {
        request.Params = new GenerationParams { MaxTokens = 16 };
        request.CachePolicy = CachePolicy.NoStore;
        return request;
    }
}
