using LlmBroker.FakeProvider;
using LlmBroker.Routing.Internal;
using static LlmBroker.Routing.Tests.RouterHarness;

namespace LlmBroker.Routing.Tests;

/// <summary>Deployments configured for HTTP/2 multiplex their calls over h2 (here prior knowledge, h2c).</summary>
public sealed class Http2Tests
{
    [Fact]
    public async Task Call_Http2Deployment_AnswersOverHttp2WhereHttp11IsRefused()
    {
        await using var fake = await FakeProviderServer.StartAsync(new FakeProviderOptions { Port = 0, Http2 = true });
        var h2 = OpenAi("h2", fake.OpenAIEndpoint, "gpt-4o");
        h2.HttpVersion = "2";
        var h11 = OpenAi("h11", fake.OpenAIEndpoint, "gpt-4o");

        using var http2 = Create(Options_(Alias("m", h2)));
        using var http11 = Create(Options_(Alias("m", h11)));
        var answered = await http2.RouteAsync(Request("m", "over h2", stream: false), null);
        var refused = await http11.RouteAsync(Request("m", "over 1.1", stream: false), null);

        Assert.True(answered.Succeeded, answered.Error?.Message);
        Assert.Equal("echo: over h2", answered.Answer!.Output);
        Assert.False(refused.Succeeded);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public void Validate_UnknownHttpVersion_Listed()
    {
        var deployment = OpenAi("d", new Uri("http://127.0.0.1:1/v1"));
        deployment.HttpVersion = "3";

        var result = new RoutingOptionsValidator().Validate(null, Options_(Alias("m", deployment)));

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, e => e.Contains("HttpVersion must be 1.1 or 2; got '3'", StringComparison.Ordinal));
    }
}
