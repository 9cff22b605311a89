using LlmBroker.Contracts.V1;
using LlmBroker.FakeProvider;
using LlmBroker.Routing.Providers;
using static LlmBroker.Routing.Tests.RouterHarness;

namespace LlmBroker.Routing.Tests;

/// <summary>
/// Every provider fault against real HTTP: what is retried on the same deployment, what fails over to
/// the next deployment or alias, and what ends the request, with every attempt recorded.
/// </summary>
public sealed class FaultMatrixTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    /// <summary>Alias "m": primary (weight 1) then secondary (weight 0, so only ever the fallback).</summary>
    private RouterHarness PrimaryAndSecondary(int maxRetries = 1, TimeSpan? attemptTimeout = null, Uri? primaryEndpoint = null)
    {
        var options = Options_(Alias("m",
            OpenAi("primary", primaryEndpoint ?? _fake.OpenAIEndpoint, weight: 1),
            OpenAi("secondary", _fake.OpenAIEndpoint, weight: 0)));
        options.MaxRetries = maxRetries;
        options.AttemptTimeout = attemptTimeout ?? options.AttemptTimeout;
        return Create(options);
    }

    [Fact]
    public async Task RateLimitedWithRetryAfter_RetriedOnSameDeploymentAfterTheDelay()
    {
        using var harness = PrimaryAndSecondary(maxRetries: 2);
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.RateLimited, Model = "primary", Count = 1, RetryAfterSeconds = 1 });

        var result = await harness.RouteAsync(Request("m"));

        Assert.True(result.Succeeded);
        Assert.Equal("primary", result.Deployment!.Name);
        Assert.Equal(
            [("primary", 429, ProviderErrors.RateLimited), ("primary", 200, "")],
            result.Attempts.Select(a => (a.Deployment, a.StatusCode, a.ErrorClass)));

        // The recorded start of the retry is no earlier than the Retry-After asked for (a lower bound a slow machine cannot break;
        // without Retry-After the 10 ms base delay would apply).
        var gap = result.Attempts[1].StartedAt.ToDateTimeOffset() - result.Attempts[0].StartedAt.ToDateTimeOffset();
        Assert.True(gap >= TimeSpan.FromMilliseconds(990), $"retried after {gap}");
    }

    [Theory]
    [InlineData(FakeFailureKind.ServerError, 500, ProviderErrors.ServerError)]
    [InlineData(FakeFailureKind.ServiceUnavailable, 503, ProviderErrors.ServerError)]
    [InlineData(FakeFailureKind.RateLimited, 429, ProviderErrors.RateLimited)]
    [InlineData(FakeFailureKind.MalformedBody, 0, ProviderErrors.Malformed)]
    public async Task PersistentFault_RetriedThenFailsOverToSecondDeployment(FakeFailureKind kind, int status, string errorClass)
    {
        using var harness = PrimaryAndSecondary(maxRetries: 1);
        _fake.Behavior.AddFailure(new FakeFailure { Kind = kind, Model = "primary", RetryAfterSeconds = 0 });

        var result = await harness.RouteAsync(Request("m"));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("secondary", result.Deployment!.Name);
        Assert.Equal(3, result.Attempts.Count);
        Assert.All(result.Attempts.Take(2), a => Assert.Equal(("primary", status, errorClass), (a.Deployment, a.StatusCode, a.ErrorClass)));
        Assert.Equal(("secondary", 200, ""), (result.Attempts[2].Deployment, result.Attempts[2].StatusCode, result.Attempts[2].ErrorClass));
    }

    [Fact]
    public async Task FailureWithPeersInRotation_MovesToAnotherDeploymentAtOnce()
    {
        // Three equal deployments and a retry backoff far longer than the test: the failed call must
        // not wait to retry its own deployment while two others can take it.
        var options = Options_(Alias("m", OpenAi("a", _fake.OpenAIEndpoint), OpenAi("b", _fake.OpenAIEndpoint), OpenAi("c", _fake.OpenAIEndpoint)));
        options.MaxRetries = 2;
        options.RetryBaseDelay = TimeSpan.FromMinutes(10);
        using var harness = Create(options);
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServiceUnavailable, Count = 1 });

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await harness.RouteAsync(Request("m"), cancellationToken: deadline.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal([503, 200], result.Attempts.Select(a => a.StatusCode));
        Assert.NotEqual(result.Attempts[0].Deployment, result.Attempts[1].Deployment);
        Assert.Equal(result.Attempts[1].Deployment, result.Deployment!.Name);
    }

    [Fact]
    public async Task EveryPeerFails_TheLastDeploymentIsRetriedInPlace()
    {
        var options = Options_(Alias("m", OpenAi("a", _fake.OpenAIEndpoint), OpenAi("b", _fake.OpenAIEndpoint), OpenAi("c", _fake.OpenAIEndpoint)));
        options.MaxRetries = 1;
        using var harness = Create(options);
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServiceUnavailable });

        var result = await harness.RouteAsync(Request("m"));

        // One attempt on each of the first two, then the last one with its retry: four in all.
        Assert.False(result.Succeeded);
        var deployments = result.Attempts.Select(a => a.Deployment).ToList();
        Assert.Equal(4, deployments.Count);
        Assert.Equal(3, deployments.Distinct().Count());
        Assert.Equal(deployments[2], deployments[3]);
        Assert.All(result.Attempts, a => Assert.Equal(503, a.StatusCode));
    }

    [Fact]
    public async Task Timeout_AttemptAbandonedAndSecondDeploymentAnswers()
    {
        using var harness = PrimaryAndSecondary(maxRetries: 0, attemptTimeout: TimeSpan.FromMilliseconds(500));
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.Timeout, Model = "primary" });

        var result = await harness.RouteAsync(Request("m"));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("secondary", result.Deployment!.Name);
        Assert.Equal(("primary", ProviderErrors.Timeout), (result.Attempts[0].Deployment, result.Attempts[0].ErrorClass));
        Assert.Equal(2, result.Attempts.Count);
    }

    [Fact]
    public async Task ConnectionRefused_ConnectionErrorAndSecondDeploymentAnswers()
    {
        using var harness = PrimaryAndSecondary(maxRetries: 1, primaryEndpoint: ClosedEndpoint());

        var result = await harness.RouteAsync(Request("m"));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("secondary", result.Deployment!.Name);
        Assert.All(result.Attempts.Take(2), a => Assert.Equal(("primary", 0, ProviderErrors.Connection), (a.Deployment, a.StatusCode, a.ErrorClass)));
    }

    [Fact]
    public async Task StreamCutMidway_ResetAnnouncedThenWholeAnswerOnRetry()
    {
        using var harness = PrimaryAndSecondary(maxRetries: 1);
        _fake.Behavior.Reply = "one two three four five six";
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.StreamCut, Model = "primary", Count = 1, AfterChunks = 3 });
        var sink = new RecordingStreamSink();

        var result = await harness.RouteAsync(Request("m", stream: true), sink);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("one two three four five six", result.Answer!.Output);
        Assert.Contains("<reset>", sink.Events);
        Assert.Equal("one two three four five six", sink.FinalText());
        Assert.Equal(2, result.Attempts.Count);
        Assert.NotEqual("", result.Attempts[0].ErrorClass);
        Assert.Equal("primary", result.Attempts[1].Deployment);
    }

    [Fact]
    public async Task ContextLengthError_NotRetriedAndMovesToTheLargerContextAlias()
    {
        var small = Alias("small", OpenAi("small-dep", _fake.OpenAIEndpoint), OpenAi("small-dep-2", _fake.OpenAIEndpoint));
        small.ContextWindowFallbacks = ["large"];
        using var harness = Create(Options_(small, Alias("large", OpenAi("large-dep", _fake.OpenAIEndpoint))));
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ContextLengthExceeded, Model = "small-dep" });
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ContextLengthExceeded, Model = "small-dep-2" });

        var result = await harness.RouteAsync(Request("small"));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("large-dep", result.Deployment!.Name);
        // Only one of the alias's deployments is tried: a context-length error goes straight to the larger-context alias.
        Assert.Equal(["small", "large"], result.Attempts.Select(a => a.Alias));
        Assert.StartsWith("small-dep", result.Attempts[0].Deployment, StringComparison.Ordinal);
        Assert.Equal((400, ProviderErrors.ContextLength), (result.Attempts[0].StatusCode, result.Attempts[0].ErrorClass));
    }

    [Fact]
    public async Task ContentPolicyError_FallbackConfigured_MovesToThatAlias()
    {
        var strict = Alias("strict", OpenAi("strict-dep", _fake.OpenAIEndpoint));
        strict.ContentPolicyFallbacks = ["lenient"];
        using var harness = Create(Options_(strict, Alias("lenient", OpenAi("lenient-dep", _fake.OpenAIEndpoint))));
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ContentFiltered, Model = "strict-dep" });

        var result = await harness.RouteAsync(Request("strict"));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("lenient-dep", result.Deployment!.Name);
        Assert.Equal(ProviderErrors.ContentPolicy, result.Attempts[0].ErrorClass);
    }

    [Fact]
    public async Task ContentPolicyError_NoFallback_FinalFailureWithoutTryingOtherDeployments()
    {
        using var harness = PrimaryAndSecondary();
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ContentFiltered, Model = "primary" });

        var result = await harness.RouteAsync(Request("m"));

        Assert.False(result.Succeeded);
        Assert.Equal(ResultStatus.Failed, result.FailureStatus);
        Assert.Equal(ProviderErrors.ContentPolicy, result.Error!.Code);
        Assert.Single(result.Attempts);
    }

    [Fact]
    public async Task EveryDeploymentFails_FailedWithTheLastErrorAndEveryAttempt()
    {
        var m = Alias("m", OpenAi("primary", _fake.OpenAIEndpoint, weight: 1), OpenAi("secondary", _fake.OpenAIEndpoint, weight: 0));
        m.Fallbacks = ["other"];
        using var harness = Create(Options_(m, Alias("other", OpenAi("other-dep", _fake.OpenAIEndpoint))));
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServiceUnavailable });

        var result = await harness.RouteAsync(Request("m"));

        Assert.False(result.Succeeded);
        Assert.Equal(ResultStatus.Failed, result.FailureStatus);
        Assert.Equal(ProviderErrors.ServerError, result.Error!.Code);
        Assert.True(result.Error.Retryable);
        Assert.Equal(["primary", "primary", "secondary", "secondary", "other-dep", "other-dep"], result.Attempts.Select(a => a.Deployment));
        Assert.All(result.Attempts, a => Assert.Equal(503, a.StatusCode));
    }

    [Fact]
    public async Task AnthropicFaults_ClassifiedLikeTheOthers()
    {
        var claude = new DeploymentOptions { Name = "claude", Provider = ProviderTypes.Anthropic, Model = "claude", Endpoint = _fake.BaseAddress.ToString(), Weight = 1 };
        var options = Options_(Alias("m", claude, OpenAi("secondary", _fake.OpenAIEndpoint, weight: 0)));
        options.MaxRetries = 0;
        using var harness = Create(options);
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.RateLimited, Model = "claude", Count = 1, RetryAfterSeconds = 0 });
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServiceUnavailable, Model = "claude", Count = 1 });
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ContextLengthExceeded, Model = "claude", Count = 1 });

        var rateLimited = await harness.RouteAsync(Request("m"));
        var unavailable = await harness.RouteAsync(Request("m"));
        var tooLong = await harness.RouteAsync(Request("m"));

        Assert.Equal((429, ProviderErrors.RateLimited), (rateLimited.Attempts[0].StatusCode, rateLimited.Attempts[0].ErrorClass));
        Assert.Equal("secondary", rateLimited.Deployment!.Name);
        Assert.Equal((503, ProviderErrors.ServerError), (unavailable.Attempts[0].StatusCode, unavailable.Attempts[0].ErrorClass));
        Assert.Equal((400, ProviderErrors.ContextLength), (tooLong.Attempts[0].StatusCode, tooLong.Attempts[0].ErrorClass));
        Assert.False(tooLong.Succeeded);
    }

    [Fact]
    public async Task AnthropicRateLimitedWithRetryAfter_HonouredThoughTheSdkExceptionCarriesNoHeaders()
    {
        var claude = new DeploymentOptions { Name = "claude", Provider = ProviderTypes.Anthropic, Model = "claude", Endpoint = _fake.BaseAddress.ToString() };
        using var harness = Create(Options_(Alias("m", claude)));
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.RateLimited, Model = "claude", Count = 1, RetryAfterSeconds = 1 });

        var result = await harness.RouteAsync(Request("m"));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal([429, 200], result.Attempts.Select(a => a.StatusCode));
        var gap = result.Attempts[1].StartedAt.ToDateTimeOffset() - result.Attempts[0].StartedAt.ToDateTimeOffset();
        Assert.True(gap >= TimeSpan.FromMilliseconds(990), $"retried after {gap}");
    }

    [Fact]
    public async Task AnthropicStreamCut_ResetThenWholeAnswer()
    {
        var claude = new DeploymentOptions { Name = "claude", Provider = ProviderTypes.Anthropic, Model = "claude", Endpoint = _fake.BaseAddress.ToString() };
        using var harness = Create(Options_(Alias("m", claude)));
        _fake.Behavior.Reply = "alpha beta gamma delta epsilon";
        _fake.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.StreamCut, Model = "claude", Count = 1, AfterChunks = 5 });
        var sink = new RecordingStreamSink();

        var result = await harness.RouteAsync(Request("m", stream: true), sink);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("alpha beta gamma delta epsilon", sink.FinalText());
        Assert.Contains("<reset>", sink.Events);
        Assert.Equal(2, result.Attempts.Count);
    }
}
