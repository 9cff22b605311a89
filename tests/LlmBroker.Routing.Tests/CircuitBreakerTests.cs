using LlmBroker.Contracts.V1;
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
    public async Task EveryCircuitOpen_BreakEndsAfterTheRequestsWait_FailsAtOnceSayingUntilWhen()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var harness = OpenEverything(time, breakDuration: TimeSpan.FromSeconds(30));
        var request = Request("m");
        request.Deadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow() + TimeSpan.FromSeconds(5));

        var result = await harness.RouteAsync(request);

        Assert.False(result.Succeeded);
        Assert.Equal(ProviderErrors.CircuitOpen, result.Error!.Code);
        Assert.True(result.Error.Retryable);
        Assert.Contains("open until 10:00:30Z", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(Lane.Interactive)]
    [InlineData(Lane.Batch)]
    public async Task EveryCircuitOpen_WaitsForTheBreakThenTheProbeAnswers(Lane lane)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var harness = OpenEverything(time, breakDuration: TimeSpan.FromSeconds(10));
        _fake.Behavior.ClearFailures();
        var request = Request("m");
        request.Lane = lane;

        var routing = harness.RouteAsync(request);
        Assert.False(routing.IsCompleted);
        Assert.Empty(_fake.Requests);

        // The request waits on the (fake) clock; once the break is over, its call is the probe.
        await WaitUntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(routing.IsCompleted);
            },
            TimeSpan.FromSeconds(30),
            "the request to be routed after the break");
        var result = await routing;

        Assert.True(result.Succeeded);
        Assert.Equal([("only", 200)], result.Attempts.Select(a => (a.Deployment, a.StatusCode)));
        Assert.True(time.GetUtcNow() >= DateTimeOffset.Parse("2026-11-26T10:00:10Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(CircuitState.Closed, harness.Health.Get("only").CircuitState);
    }

    [Fact]
    public async Task QuickErrorsBesideSlowAnswers_CallsInFlightCount_CircuitStaysClosed()
    {
        // Answers take a while and errors come at once: when the errors end, the answers are still in
        // flight. Judged by the calls that ended, every call so far failed; judged by every call sent,
        // a fifth did.
        using var harness = OneDeployment();
        _fake.Behavior.Latency = TimeSpan.FromSeconds(2);
        var slow = Enumerable.Range(0, 8).Select(_ => harness.RouteAsync(Request("m"))).ToArray();
        await WaitUntilAsync(() => Task.FromResult(_fake.Stats.InFlight == 8), TimeSpan.FromSeconds(30), "eight answers in flight");
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServiceUnavailable, AtOnce = true, Count = 2 });

        var failed = await Task.WhenAll(harness.RouteAsync(Request("m")), harness.RouteAsync(Request("m")));

        Assert.All(failed, f => Assert.Equal(ProviderErrors.ServerError, f.Error!.Code));
        Assert.Equal(CircuitState.Closed, harness.Health.Get("only").CircuitState);
        Assert.All(await Task.WhenAll(slow), r => Assert.True(r.Succeeded));
    }

    [Fact]
    public async Task QuickErrorsAndNothingInFlight_CircuitOpens()
    {
        using var harness = OneDeployment();
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServiceUnavailable, AtOnce = true });

        await harness.RouteAsync(Request("m"));
        await harness.RouteAsync(Request("m"));

        Assert.Equal(CircuitState.Open, harness.Health.Get("only").CircuitState);
    }

    /// <summary>Alias "m" with one deployment, "only": no retries, a circuit that two calls can open.</summary>
    private RouterHarness OneDeployment(TimeProvider? time = null, TimeSpan? breakDuration = null)
    {
        var options = Options_(Alias("m", OpenAi("only", _fake.OpenAIEndpoint)));
        options.MaxRetries = 0;
        options.CircuitBreaker = new CircuitBreakerOptions { MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = breakDuration ?? TimeSpan.FromSeconds(30) };
        return Create(options, time);
    }

    /// <summary>One deployment whose circuit two failures opened.</summary>
    private RouterHarness OpenEverything(FakeTimeProvider time, TimeSpan breakDuration)
    {
        var harness = OneDeployment(time, breakDuration);
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServerError });
        harness.RouteAsync(Request("m")).GetAwaiter().GetResult();
        harness.RouteAsync(Request("m")).GetAwaiter().GetResult();
        Assert.Equal(CircuitState.Open, harness.Health.Get("only").CircuitState);
        _fake.ClearRequests();
        return harness;
    }
}
