using LlmBroker.FakeProvider;
using static LlmBroker.Routing.Tests.RouterHarness;

namespace LlmBroker.Routing.Tests;

/// <summary>Each provider type against the fake provider's wire format, streamed and not, with and without prompt-cache tokens.</summary>
public sealed class ProviderTypeTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private DeploymentOptions Deployment(string provider) => provider switch
    {
        ProviderTypes.Anthropic => new DeploymentOptions
        {
            Name = "claude", Provider = ProviderTypes.Anthropic, Model = "claude-sonnet", Endpoint = _fake.BaseAddress.ToString(),
            ApiKey = "sk-ant-test-0002", DefaultMaxOutputTokens = 321,
        },
        ProviderTypes.AzureOpenAI => new DeploymentOptions
        {
            Name = "azure", Provider = ProviderTypes.AzureOpenAI, Model = "gpt4o-eu", Endpoint = _fake.BaseAddress.ToString(),
            ApiKey = "azure-key-0003", ApiVersion = "2024-10-21",
        },
        _ => OpenAi("openai", _fake.OpenAIEndpoint, "gpt-4o"),
    };

    [Theory]
    [InlineData(ProviderTypes.OpenAI, false)]
    [InlineData(ProviderTypes.OpenAI, true)]
    [InlineData(ProviderTypes.AzureOpenAI, false)]
    [InlineData(ProviderTypes.AzureOpenAI, true)]
    [InlineData(ProviderTypes.Anthropic, false)]
    [InlineData(ProviderTypes.Anthropic, true)]
    public async Task Call_EachProviderType_AnswerUsageAndFinishReason(string provider, bool stream)
    {
        using var harness = Create(Options_(Alias("m", Deployment(provider))));
        var sink = stream ? new RecordingStreamSink() : null;
        var request = Request("m", "hello there", stream);
        request.Messages.Insert(0, new Contracts.V1.ChatMessage { Role = Contracts.V1.Role.System, Content = "be brief" });

        var result = await harness.RouteAsync(request, sink);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("echo: hello there", result.Answer!.Output);
        Assert.Equal("stop", result.Answer.FinishReason);
        Assert.True(result.Answer.Usage.InputTokens > 0);
        Assert.True(result.Answer.Usage.OutputTokens > 0);
        Assert.Equal(0, result.Answer.Usage.CachedInputTokens);
        if (sink is not null)
        {
            Assert.Equal("echo: hello there", sink.FinalText());
        }

        var received = Assert.Single(_fake.Requests);
        switch (provider)
        {
            case ProviderTypes.AzureOpenAI:
                Assert.Equal("/openai/deployments/gpt4o-eu/chat/completions", received.Path);
                Assert.Contains("api-version=2024-10-21", received.Query, StringComparison.Ordinal);
                Assert.True(received.Headers.ContainsKey("api-key"));
                Assert.False(received.Headers.ContainsKey("Authorization"));
                Assert.Equal("0003", received.ApiKeyLast4);
                break;
            case ProviderTypes.Anthropic:
                Assert.Equal("/v1/messages", received.Path);
                Assert.Contains("\"max_tokens\":321", received.Body, StringComparison.Ordinal);
                Assert.Contains("be brief", received.Body, StringComparison.Ordinal);
                Assert.Equal("0002", received.ApiKeyLast4);
                break;
            default:
                Assert.Equal("/v1/chat/completions", received.Path);
                Assert.Equal("0001", received.ApiKeyLast4);
                break;
        }
    }

    [Theory]
    [InlineData(ProviderTypes.OpenAI, false)]
    [InlineData(ProviderTypes.OpenAI, true)]
    [InlineData(ProviderTypes.AzureOpenAI, false)]
    [InlineData(ProviderTypes.Anthropic, false)]
    [InlineData(ProviderTypes.Anthropic, true)]
    public async Task Call_PromptCacheTokens_ReportedAndPricedAtTheCachedRate(string provider, bool stream)
    {
        var deployment = Deployment(provider);
        deployment.InputPricePerMillion = 10m;
        deployment.CachedInputPricePerMillion = 1m;
        deployment.CacheWritePricePerMillion = 20m;
        using var harness = Create(Options_(Alias("m", deployment)));
        var text = string.Join(' ', Enumerable.Repeat("a long shared prefix", 20));
        var uncached = await harness.RouteAsync(Request("m", text, stream), stream ? new RecordingStreamSink() : null);
        _fake.Behavior.CachedPromptTokens = 40;
        _fake.Behavior.CacheWritePromptTokens = provider == ProviderTypes.Anthropic ? 30 : 0;

        var cached = await harness.RouteAsync(Request("m", text, stream), stream ? new RecordingStreamSink() : null);

        Assert.True(cached.Succeeded, cached.Error?.Message);
        var usage = cached.Answer!.Usage;
        Assert.Equal(uncached.Answer!.Usage.InputTokens, usage.InputTokens);
        Assert.Equal(40, usage.CachedInputTokens);
        Assert.Equal(provider == ProviderTypes.Anthropic ? 30 : 0, usage.CacheWriteTokens);
        var chosen = cached.Deployment!;
        Assert.True(chosen.CostNanoUsd(usage) != chosen.CostNanoUsd(uncached.Answer.Usage));
    }
}
