using LlmBroker.Contracts.V1;
using LlmBroker.Routing.Providers;
using LlmBroker.Routing.Selection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Routing.Tests;

/// <summary>Strategies and rules on deployments that are never called (no network).</summary>
public sealed class SelectionTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly DeploymentHealthRegistry _health;
    private readonly List<ProviderDeployment> _created = [];

    public SelectionTests() => _health = new DeploymentHealthRegistry(Options.Create(new RoutingOptions()), _time);

    public void Dispose()
    {
        foreach (var d in _created)
        {
            d.Dispose();
        }
    }

    private ProviderDeployment Deployment(string name, Action<DeploymentOptions>? configure = null)
    {
        var options = new DeploymentOptions { Name = name, Model = name, Endpoint = "http://127.0.0.1:9/v1", ApiKey = "k" };
        configure?.Invoke(options);
        var deployment = new ProviderDeployment(options, ChatClientFactory.Create(options, TimeSpan.FromSeconds(1)), _health.Get(name));
        _created.Add(deployment);
        return deployment;
    }

    private static AliasRoute Route(string strategy, params ProviderDeployment[] deployments) =>
        Route(RoutingStrategyFactory.Create(strategy, new Random(7)), deployments);

    private static AliasRoute Route(IRoutingStrategy strategy, params ProviderDeployment[] deployments) =>
        new(new ModelRouteOptions { Alias = "m" }, deployments, strategy);

    private static RequestFacts Facts(string text = "hi", Action<PromptRequest>? configure = null)
    {
        var request = RouterHarness.Request("m", text);
        configure?.Invoke(request);
        return new RequestFacts(request);
    }

    private static string Pick(AliasRoute route, RequestFacts facts, ulong tried = 0) =>
        DeploymentSelector.Select(route, facts, tried, out _) is var i and >= 0 ? route.Deployments[i].Name : "<none>";

    [Fact]
    public void Weighted_OneToThree_TrafficSplitsInProportion()
    {
        var route = Route(RoutingStrategies.Weighted, Deployment("a", o => o.Weight = 1), Deployment("b", o => o.Weight = 3), Deployment("c", o => o.Weight = 0));
        var facts = Facts();
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (var i = 0; i < 40_000; i++)
        {
            counts[Pick(route, facts)]++;
        }

        Assert.InRange(counts["a"] / 40_000.0, 0.23, 0.27);
        Assert.InRange(counts["b"] / 40_000.0, 0.73, 0.77);
        Assert.Equal(0, counts["c"]);
    }

    [Fact]
    public void Weighted_AllTriedButOne_ThatOneEvenWithWeightZero()
    {
        var route = Route(RoutingStrategies.Weighted, Deployment("a"), Deployment("b", o => o.Weight = 0));
        Assert.Equal("b", Pick(route, Facts(), tried: 0b01));
        Assert.Equal("<none>", Pick(route, Facts(), tried: 0b11));
    }

    [Fact]
    public void LeastLatency_PicksTheLowestMovingAverage()
    {
        var a = Deployment("a");
        var b = Deployment("b");
        a.Health.RecordSuccess(TimeSpan.FromMilliseconds(900), 0);
        b.Health.RecordSuccess(TimeSpan.FromMilliseconds(200), 0);
        var route = Route(RoutingStrategies.LeastLatency, a, b);
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("b", Pick(route, Facts())));

        // b slows down: its moving average rises above a's.
        for (var i = 0; i < 20; i++)
        {
            b.Health.RecordSuccess(TimeSpan.FromMilliseconds(3000), 0);
        }

        Assert.Equal("a", Pick(route, Facts()));
    }

    [Fact]
    public void LeastBusy_PicksTheFewestInFlightAndSharesTies()
    {
        var a = Deployment("a");
        var b = Deployment("b");
        var route = Route(RoutingStrategies.LeastBusy, a, b);
        var picks = Enumerable.Range(0, 200).Select(_ => Pick(route, Facts())).ToList();
        Assert.Contains("a", picks);
        Assert.Contains("b", picks);

        a.Health.CallStarted();
        a.Health.CallStarted();
        b.Health.CallStarted();
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("b", Pick(route, Facts())));
    }

    [Fact]
    public void LeastCost_PicksTheCheapest()
    {
        var route = Route(RoutingStrategies.LeastCost,
            Deployment("premium", o => (o.InputPricePerMillion, o.OutputPricePerMillion) = (5m, 15m)),
            Deployment("budget", o => (o.InputPricePerMillion, o.OutputPricePerMillion) = (0.15m, 0.6m)),
            Deployment("mid", o => (o.InputPricePerMillion, o.OutputPricePerMillion) = (1m, 2m)));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("budget", Pick(route, Facts())));
        Assert.Equal("mid", Pick(route, Facts(), tried: 0b010));
    }

    [Fact]
    public void UsageBased_PicksTheMostTpmHeadroomAndForgetsLastMinute()
    {
        var a = Deployment("a", o => o.Tpm = 100_000);
        var b = Deployment("b", o => o.Tpm = 10_000);
        var route = Route(RoutingStrategies.UsageBased, a, b);
        a.Health.RecordTokens(60_000);
        b.Health.RecordTokens(1_000);
        Assert.Equal("b", Pick(route, Facts()));

        b.Health.RecordTokens(8_000);
        Assert.Equal("a", Pick(route, Facts()));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, b.Health.TokensThisMinute);
    }

    [Fact]
    public void Tags_OnlyDeploymentsCarryingEveryTag()
    {
        var route = Route(RoutingStrategies.Weighted,
            Deployment("us", o => (o.Region, o.Tags) = ("us", ["premium"])),
            Deployment("eu-basic", o => o.Region = "eu"),
            Deployment("eu-premium", o => (o.Region, o.Tags) = ("eu", ["premium"])));

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("eu-premium", Pick(route, Facts(configure: r => r.Tags[RoutingTags.RouteTags] = "eu, premium"))));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.NotEqual("us", Pick(route, Facts(configure: r => r.Tags[RoutingTags.RouteTags] = "eu"))));
        DeploymentSelector.Select(route, Facts(configure: r => r.Tags[RoutingTags.RouteTags] = "apac"), 0, out var miss);
        Assert.Equal(SelectionMiss.Tags, miss);
    }

    [Fact]
    public void Pin_OnlyThePinnedDeployment()
    {
        var route = Route(RoutingStrategies.Weighted, Deployment("a"), Deployment("b"), Deployment("c"));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("c", Pick(route, Facts(configure: r => r.Tags[RoutingTags.Deployment] = "c"))));
        Assert.Equal("<none>", Pick(route, Facts(configure: r => r.Tags[RoutingTags.Deployment] = "c"), tried: 0b100));
        DeploymentSelector.Select(route, Facts(configure: r => r.Tags[RoutingTags.Deployment] = "z"), 0, out var miss);
        Assert.Equal(SelectionMiss.Pin, miss);
    }

    [Fact]
    public void ContextWindow_TokenizerEstimateDecidesWhereTheByteBoundCannot()
    {
        var route = Route(RoutingStrategies.LeastCost,
            Deployment("small", o => (o.ContextWindow, o.InputPricePerMillion) = (100, 1m)),
            Deployment("large", o => (o.ContextWindow, o.InputPricePerMillion) = (100_000, 9m)));

        // 240 bytes but about 41 tokens: over the byte bound, within the tokenizer's count.
        var repeated = string.Concat(Enumerable.Repeat("hello ", 40));
        var fits = Facts(repeated);
        Assert.True(fits.TokenUpperBound > 100);
        Assert.InRange(fits.RequiredTokens, 40, 60);
        Assert.Equal("small", Pick(route, fits));

        // With 80 answer tokens requested it no longer fits the small window.
        Assert.Equal("large", Pick(route, Facts(repeated, r => r.Params = new GenerationParams { MaxTokens = 80 })));

        // Nothing fits: the miss says so (the router then uses the context-window fallbacks).
        var huge = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 30_000));
        Assert.Equal(-1, DeploymentSelector.Select(route, Facts(huge), 0, out var miss));
        Assert.Equal(SelectionMiss.ContextWindow, miss);
    }

    [Fact]
    public void UnknownContextWindow_NeverSkippedAndNothingTokenized()
    {
        var route = Route(RoutingStrategies.Weighted, Deployment("a"));
        var facts = Facts(string.Concat(Enumerable.Repeat("word ", 100_000)));
        Assert.Equal("a", Pick(route, facts));
    }
}
