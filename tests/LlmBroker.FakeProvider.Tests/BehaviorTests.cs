using System.ClientModel;
using Microsoft.Extensions.AI;

namespace LlmBroker.FakeProvider.Tests;

public sealed class BehaviorTests : FakeProviderTest
{
    [Fact]
    public async Task Failure_ModelFilter_FailsOnlyThatModel()
    {
        Server.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServerError, Model = "GPT-4o" });

        var other = await Clients.OpenAI(Server, model: "gpt-4o-mini").GetResponseAsync("hi");
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Clients.OpenAI(Server, model: "gpt-4o").GetResponseAsync("hi"));

        Assert.Equal("echo: hi", other.Text);
        Assert.Equal(500, error.Status);
    }

    [Fact]
    public async Task Failure_DeploymentFilter_FailsOnlyThatDeployment()
    {
        Server.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServiceUnavailable, Model = "dep-b" });

        var other = await Clients.Azure(Server, "dep-a", "azure-key").GetResponseAsync("hi");
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Clients.Azure(Server, "dep-b", "azure-key").GetResponseAsync("hi"));

        Assert.Equal("echo: hi", other.Text);
        Assert.Equal(503, error.Status);
    }

    [Fact]
    public async Task Failure_ApiKeyFilter_FailsOnlyThatKey()
    {
        Server.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.RateLimited, ApiKey = "sk-noisy-tenant-1" });

        var other = await Clients.Anthropic(Server, key: "sk-quiet-tenant-2").GetResponseAsync("hi");
        await Assert.ThrowsAsync<Anthropic.Exceptions.AnthropicRateLimitException>(
            () => Clients.Anthropic(Server, key: "sk-noisy-tenant-1").GetResponseAsync("hi"));

        Assert.Equal("echo: hi", other.Text);
    }

    [Fact]
    public async Task Failure_FirstMatchingRuleWins_InOrder()
    {
        Server.Behavior.SetFailures(
        [
            new FakeFailure { Kind = FakeFailureKind.ContextLengthExceeded, Count = 1 },
            new FakeFailure { Kind = FakeFailureKind.ServerError, Count = 1 },
        ]);
        var client = Clients.OpenAI(Server);

        var first = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync("hi"));
        var second = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync("hi"));
        var third = await client.GetResponseAsync("hi");

        Assert.Equal([400, 500], [first.Status, second.Status]);
        Assert.Equal("echo: hi", third.Text);
    }

    [Fact]
    public void NextFailure_SameSeed_SamePattern()
    {
        var rule = new FakeFailure { Kind = FakeFailureKind.ServerError, Probability = 0.5 };
        var a = new FakeBehavior(new FakeProviderOptions { Seed = 7, Failures = [rule] });
        var b = new FakeBehavior(new FakeProviderOptions { Seed = 7, Failures = [rule] });

        var patternA = Enumerable.Range(0, 200).Select(_ => a.NextFailure("m", null, null) is not null).ToList();
        var patternB = Enumerable.Range(0, 200).Select(_ => b.NextFailure("m", null, null) is not null).ToList();
        a.Reseed(7);
        var patternAgain = Enumerable.Range(0, 200).Select(_ => a.NextFailure("m", null, null) is not null).ToList();

        Assert.Equal(patternA, patternB);
        Assert.Equal(patternA, patternAgain);
        Assert.InRange(patternA.Count(failed => failed), 60, 140);
    }

    [Fact]
    public void NextFailure_ProbabilityZero_NeverFails()
    {
        var behavior = new FakeBehavior(new FakeProviderOptions());
        behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServerError, Probability = 0 });

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Null(behavior.NextFailure("m", null, null)));
    }

    [Fact]
    public void NextDelay_WithJitter_StaysWithinBounds()
    {
        var behavior = new FakeBehavior(new FakeProviderOptions
        {
            Latency = TimeSpan.FromMilliseconds(100),
            LatencyJitter = TimeSpan.FromMilliseconds(30),
        });

        var delays = Enumerable.Range(0, 500).Select(_ => behavior.NextDelay()).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(70), TimeSpan.FromMilliseconds(130)));
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Fact]
    public void AddFailure_InvalidRule_ThrowsListingEveryProblem()
    {
        var behavior = new FakeBehavior(new FakeProviderOptions());

        var error = Assert.Throws<ArgumentException>(() => behavior.AddFailure(
            new FakeFailure { Kind = FakeFailureKind.RateLimited, Probability = 1.5, RetryAfterSeconds = -1 }));

        Assert.Contains("probability", error.Message, StringComparison.Ordinal);
        Assert.Contains("retryAfterSeconds", error.Message, StringComparison.Ordinal);
        Assert.Empty(behavior.Failures);
    }

    [Fact]
    public async Task Latency_Long_RequestWaitsInFlightUntilClientCancels()
    {
        Server.Behavior.Latency = TimeSpan.FromHours(1);
        using var cancel = new CancellationTokenSource();
        var client = Clients.OpenAI(Server);
        var calls = Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync("hi", cancellationToken: cancel.Token)).ToList();
        await WaitUntilAsync(() => Server.Stats.InFlight == 3, "three requests wait");

        Assert.All(calls, call => Assert.False(call.IsCompleted));
        await cancel.CancelAsync();

        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        await WaitUntilAsync(() => Server.Stats.InFlight == 0, "the requests end");
        Assert.Equal(3, Server.Stats.MaxInFlight);
        Assert.Equal(3, Server.Stats.Aborted);
    }

    [Fact]
    public async Task Reset_AfterChanges_ReturnsToStartupOptions()
    {
        Server.Behavior.Reply = "x";
        Server.Behavior.Latency = TimeSpan.FromSeconds(1);
        Server.Behavior.RequiredApiKeys = ["k"];
        Server.Behavior.FailNext(FakeFailureKind.ServerError);

        Server.Behavior.Reset();

        Assert.Null(Server.Behavior.Reply);
        Assert.Equal(TimeSpan.Zero, Server.Behavior.Latency);
        Assert.Empty(Server.Behavior.RequiredApiKeys);
        Assert.Empty(Server.Behavior.Failures);
        Assert.Equal("echo: hi", (await Clients.OpenAI(Server).GetResponseAsync("hi")).Text);
    }
}
