using LlmBroker.Cli.Demo;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Stack;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Tests;

public sealed class DemoPartsTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_200Requests_FirstWaveOf180WithOneExpiredAndSecondWaveOf20Repeats()
    {
        var workload = DemoWorkload.Create(200, s_now);

        Assert.Equal(200, workload.Count);
        Assert.Equal(180, workload.FirstWave.Count);
        Assert.Equal(20, workload.SecondWave.Count);
        var late = Assert.Single(workload.FirstWave, r => r.Deadline is not null);
        Assert.Equal(DemoWorkload.ExpiredCustomId, late.CustomId);
        Assert.True(late.Deadline.ToDateTimeOffset() < s_now);
        Assert.Equal(180, workload.FirstWave.Select(r => r.Messages[^1].Content).Distinct().Count());
        Assert.Equal(200, workload.FirstWave.Concat(workload.SecondWave).Select(r => r.CustomId).Distinct().Count());
    }

    [Fact]
    public void Create_Requests_MixAppsTeamsLanesAndModels()
    {
        var requests = DemoWorkload.Create(200, s_now).FirstWave;

        Assert.Equal(DemoWorkload.Apps.Select(a => a.Name).Order(), requests.Select(r => r.App).Distinct().Order());
        Assert.Equal([Lane.Interactive, Lane.Batch], requests.Select(r => r.Lane).Distinct().Order());
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], requests.Select(r => r.Model).Distinct().Order());
        Assert.All(requests, r => Assert.Equal(DemoWorkload.Tenant, r.Tenant));
        Assert.All(requests, r => Assert.True(r.Tags.ContainsKey("team") && r.Tags.ContainsKey("feature")));
        Assert.All(requests.Where(r => r.Lane == Lane.Batch), r => Assert.StartsWith("demo-", r.BatchId));
        Assert.All(requests.Where(r => r.Lane == Lane.Interactive), r => Assert.Equal("", r.BatchId));
    }

    [Fact]
    public void Create_SecondWave_RepeatsWhatDeterminesTheCacheKeyOfAnsweredFirstWaveRequests()
    {
        var workload = DemoWorkload.Create(50, s_now);

        Assert.All(workload.SecondWave.Zip(workload.FirstWave), pair =>
        {
            var (repeat, original) = pair;
            Assert.Equal(original.Model, repeat.Model);
            Assert.Equal(original.Messages, repeat.Messages);
            Assert.Equal(original.Params, repeat.Params);
            Assert.Equal(original.App, repeat.App);
            Assert.Equal(original.CustomId + "-again", repeat.CustomId);
            Assert.Null(repeat.Deadline);
            Assert.Equal("", repeat.RequestId);
        });
    }

    [Fact]
    public void Create_FewestRequests_OneAnsweredOneExpiredOneRepeat()
    {
        var workload = DemoWorkload.Create(DemoWorkload.MinRequests, s_now);

        Assert.Equal(2, workload.FirstWave.Count);
        Assert.Equal(DemoWorkload.ExpiredCustomId, workload.FirstWave[1].CustomId);
        Assert.Equal(workload.FirstWave[0].Messages, Assert.Single(workload.SecondWave).Messages);
    }

    [Fact]
    public void FinalLine_Results_CountsNotOkAsFailedAndCostWithSixDecimals()
    {
        Result[] results =
        [
            new() { Status = ResultStatus.Ok, CostNanoUsd = 21_600 },
            new() { Status = ResultStatus.Ok, CostNanoUsd = 437_500, CacheHit = false },
            new() { Status = ResultStatus.Ok, CacheHit = true },
            new() { Status = ResultStatus.Expired, Error = new ErrorInfo { Code = "deadline_exceeded" } },
        ];

        Assert.Equal("demo: requests=5 results=4 failed=1 cost_usd=0.000459", DemoReport.FinalLine(5, results));
    }

    [Fact]
    public void FromEnvironment_NothingConfigured_IsTheFakeProvider()
    {
        var choice = ProviderChoice.FromEnvironment(CliEnvironment.Empty);

        Assert.True(choice.IsFake);
        Assert.Equal("gpt-4o-mini", choice.Model);
    }

    [Fact]
    public void FromEnvironment_OpenAIKey_IsOpenAIWithTheKeyVariable()
    {
        var choice = ProviderChoice.FromEnvironment(Environment(("OPENAI_API_KEY", "sk-test")));

        Assert.False(choice.IsFake);
        Assert.Equal(new Uri("https://api.openai.com/v1"), choice.Endpoint);
        Assert.Equal("OPENAI_API_KEY", choice.ApiKeyEnv);
        Assert.Equal("gpt-4o-mini", choice.Model);
    }

    [Fact]
    public void FromEnvironment_KeyEndpointAndModel_UsesEndpointAndModel()
    {
        var choice = ProviderChoice.FromEnvironment(Environment(
            ("OPENAI_API_KEY", "sk-test"), ("LLM_ENDPOINT", "https://llm.internal/v1"), ("LLM_MODEL", "llama-3.1-8b")));

        Assert.Equal(new Uri("https://llm.internal/v1"), choice.Endpoint);
        Assert.Equal("llama-3.1-8b", choice.Model);
        Assert.Equal("OPENAI_API_KEY", choice.ApiKeyEnv);
    }

    [Fact]
    public void FromEnvironment_EndpointWithoutKey_IsThatServerWithoutKey()
    {
        var choice = ProviderChoice.FromEnvironment(Environment(("LLM_ENDPOINT", "http://127.0.0.1:11434/v1")));

        Assert.False(choice.IsFake);
        Assert.Equal(new Uri("http://127.0.0.1:11434/v1"), choice.Endpoint);
        Assert.Null(choice.ApiKeyEnv);
    }

    private static CliEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value));
}
