using LlmBroker.Contracts.V1;
using LlmBroker.FakeProvider;
using LlmBroker.Routing.Internal;
using static LlmBroker.Routing.Tests.RouterHarness;

namespace LlmBroker.Routing.Tests;

public sealed class HedgingTests : IAsyncLifetime
{
    private FakeProviderServer _slow = null!;
    private FakeProviderServer _fast = null!;

    public async Task InitializeAsync()
    {
        _slow = await FakeProviderServer.StartAsync();
        _fast = await FakeProviderServer.StartAsync();
        _slow.Behavior.Latency = TimeSpan.FromMinutes(5);
    }

    public async Task DisposeAsync()
    {
        await _slow.DisposeAsync();
        await _fast.DisposeAsync();
    }

    private RouterHarness Hedged()
    {
        var alias = Alias("m", OpenAi("slow", _slow.OpenAIEndpoint, weight: 1), OpenAi("fast", _fast.OpenAIEndpoint, weight: 0));
        alias.HedgingDelay = TimeSpan.FromMilliseconds(200);
        return Create(Options_(alias));
    }

    [Fact]
    public async Task Interactive_FirstCallSlow_SecondDeploymentAnswersAndFirstIsCancelled()
    {
        using var harness = Hedged();
        var request = Request("m");
        request.Lane = Lane.Interactive;

        var result = await harness.RouteAsync(request);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("fast", result.Deployment!.Name);
        Assert.Contains(result.Attempts, a => a is { Deployment: "fast", StatusCode: 200 });
        Assert.Contains(result.Attempts, a => a is { Deployment: "slow", ErrorClass: RequestRouter.CancelledHedge });
        Assert.Single(_slow.Requests);
    }

    [Fact]
    public async Task BatchLane_NeverHedged()
    {
        using var harness = Hedged();
        _slow.Behavior.Latency = TimeSpan.FromMilliseconds(600);
        var request = Request("m");
        request.Lane = Lane.Batch;

        var result = await harness.RouteAsync(request);

        Assert.Equal("slow", result.Deployment!.Name);
        Assert.Empty(_fast.Requests);
    }
}
