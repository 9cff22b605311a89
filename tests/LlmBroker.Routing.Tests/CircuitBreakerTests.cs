using LlmBroker.FakeProvider;
using LlmBroker.Routing.Providers;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using static LlmBroker.Routing.Tests.RouterHarness;

namespace LlmBroker.Routing.Tests;

public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task FailingDeployment_BreakerOpensTrafficMovesThenHalfOpenProbeRecovers()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = Options_(Alias("m", OpenAi("primary", _fake.OpenAIEndpoint, weight: 1), OpenAi("secondary", _fake.OpenAIEndpoint, weight: 0)));
        options.MaxRetries = 0;
        options.CircuitBreaker = new CircuitBreakerOptions
        {
            FailureRatio = 0.5, MinimumThroughput = 2, SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(30),
        };
        using var harness = Create(options, time);
        var primary = harness.Health.Get("primary");
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServerError, Model = "primary" });

        // Two failures out of two calls open the breaker; both requests are answered by the fallback.
        for (var i = 0; i < 2; i++)
        {
            var failedOver = await harness.RouteAsync(Request("m"));
            Assert.Equal("secondary", failedOver.Deployment!.Name);
            Assert.Equal("primary", failedOver.Attempts[0].Deployment);
        }

        Assert.Equal(CircuitState.Open, primary.CircuitState);
        Assert.True(primary.IsOpen);

        // Open: the primary is skipped without a call.
        _fake.ClearRequests();
        var skipped = await harness.RouteAsync(Request("m"));
        Assert.Equal(["secondary"], skipped.Attempts.Select(a => a.Deployment));
        Assert.DoesNotContain(_fake.Requests, r => r.Model == "primary");

        // The provider recovers; after the break one probe closes the breaker again.
        _fake.Behavior.ClearFailures();
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(primary.IsOpen);
        var probe = await harness.RouteAsync(Request("m"));
        Assert.Equal([("primary", 200)], probe.Attempts.Select(a => (a.Deployment, a.StatusCode)));
        Assert.Equal(CircuitState.Closed, primary.CircuitState);
    }

    [Fact]
    public async Task EveryCircuitOpen_FailsFastAsRetryable()
    {
        var time = new FakeTimeProvider();
        var options = Options_(Alias("m", OpenAi("only", _fake.OpenAIEndpoint)));
        options.MaxRetries = 0;
        options.CircuitBreaker = new CircuitBreakerOptions { MinimumThroughput = 2, FailureRatio = 0.5 };
        using var harness = Create(options, time);
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServerError });
        await harness.RouteAsync(Request("m"));
        await harness.RouteAsync(Request("m"));
        _fake.ClearRequests();

        var result = await harness.RouteAsync(Request("m"));

        Assert.False(result.Succeeded);
        Assert.Equal(ProviderErrors.CircuitOpen, result.Error!.Code);
        Assert.True(result.Error.Retryable);
        Assert.Empty(_fake.Requests);
    }
}
