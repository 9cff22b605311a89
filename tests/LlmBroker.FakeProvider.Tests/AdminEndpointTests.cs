using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmBroker.FakeProvider.Tests;

public sealed class AdminEndpointTests : FakeProviderTest
{
    [Fact]
    public async Task PostBehavior_Failures_ApplyToNextRequests()
    {
        using var posted = await PostJsonAsync("_fake/behavior", """
            {"failures":[{"kind":"rateLimited","count":1,"retryAfterSeconds":5}],"reply":"fixed"}
            """);
        posted.EnsureSuccessStatusCode();
        var client = Clients.OpenAI(Server);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync("hi"));
        var response = await client.GetResponseAsync("hi");

        Assert.Equal(429, error.Status);
        Assert.Equal("fixed", response.Text);
        using var behavior = await GetJsonAsync("_fake/behavior");
        var failure = behavior.RootElement.GetProperty("failures")[0];
        Assert.Equal("rateLimited", failure.GetProperty("kind").GetString());
        Assert.Equal(0, failure.GetProperty("count").GetInt32());
        Assert.Equal(5, failure.GetProperty("retryAfterSeconds").GetInt32());
    }

    [Fact]
    public async Task PostBehavior_FailureAtOnce_AnsweredBeforeTheLatency()
    {
        // The latency is far longer than the test's deadline: only a failure sent before it ends the call.
        using var posted = await PostJsonAsync("_fake/behavior", """
            {"latencyMs":600000,"failures":[{"kind":"serviceUnavailable","atOnce":true,"count":1}]}
            """);
        posted.EnsureSuccessStatusCode();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => Clients.OpenAI(Server).GetResponseAsync("hi", cancellationToken: deadline.Token));

        Assert.Equal(503, error.Status);
        Assert.True(Server.Behavior.Failures[0].AtOnce);
        Assert.Equal(0, Server.Behavior.Failures[0].Count);
    }

    [Fact]
    public async Task PostBehavior_OnlySomeProperties_LeavesOthers()
    {
        Server.Behavior.Reply = "kept";

        using var posted = await PostJsonAsync("_fake/behavior", """{"latencyMs":250,"latencyJitterMs":50,"requiredApiKeys":["k1","k2"]}""");

        posted.EnsureSuccessStatusCode();
        Assert.Equal("kept", Server.Behavior.Reply);
        Assert.Equal(TimeSpan.FromMilliseconds(250), Server.Behavior.Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(50), Server.Behavior.LatencyJitter);
        Assert.Equal(["k1", "k2"], Server.Behavior.RequiredApiKeys);
    }

    [Fact]
    public async Task PostBehavior_InvalidValues_Returns400ListingEveryError()
    {
        using var posted = await PostJsonAsync("_fake/behavior", """
            {"latencyMs":-1,"failures":[{"kind":"serverError","probability":2,"afterChunks":-3}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        using var body = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        Assert.Equal(3, body.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(TimeSpan.Zero, Server.Behavior.Latency);
        Assert.Empty(Server.Behavior.Failures);
    }

    [Theory]
    [InlineData("""{"latency":5}""")]
    [InlineData("""{"failures":[{"kind":"explode"}]}""")]
    [InlineData("""{"failures":[{"count":1}]}""")]
    [InlineData("not json")]
    public async Task PostBehavior_UnknownShape_Returns400(string json)
    {
        using var posted = await PostJsonAsync("_fake/behavior", json);

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
    }

    [Fact]
    public async Task DeleteBehavior_AfterChanges_ResetsToStartupOptions()
    {
        Server.Behavior.FailNext(FakeFailureKind.ServerError);

        using var deleted = await Http.DeleteAsync("_fake/behavior");

        deleted.EnsureSuccessStatusCode();
        Assert.Empty(Server.Behavior.Failures);
    }

    [Fact]
    public async Task GetRequests_AfterCalls_ReturnsLogNewestLast()
    {
        var client = Clients.OpenAI(Server);
        await client.GetResponseAsync("first");
        await client.GetResponseAsync("second");

        using var all = await GetJsonAsync("_fake/requests");
        using var last = await GetJsonAsync("_fake/requests?last=1");

        Assert.Equal(2, all.RootElement.GetArrayLength());
        var entry = last.RootElement.EnumerateArray().Single();
        Assert.Equal(2, entry.GetProperty("sequence").GetInt64());
        Assert.Equal("gpt-4o-mini", entry.GetProperty("model").GetString());
        Assert.Equal("0001", entry.GetProperty("apiKeyLast4").GetString());
        Assert.Contains("second", entry.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer ***0001", entry.GetProperty("headers").GetProperty("Authorization").GetString());
    }

    [Fact]
    public async Task DeleteRequests_AfterCalls_ClearsLog()
    {
        await Clients.OpenAI(Server).GetResponseAsync("hi");

        using var deleted = await Http.DeleteAsync("_fake/requests");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task GetStats_AfterCalls_CountsByStatus()
    {
        Server.Behavior.FailNext(FakeFailureKind.ServerError);
        var client = Clients.OpenAI(Server);
        await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync("hi"));
        await client.GetResponseAsync("hi");

        using var stats = await GetJsonAsync("_fake/stats");

        Assert.Equal(2, stats.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal(0, stats.RootElement.GetProperty("inFlight").GetInt64());
        Assert.Equal(1, stats.RootElement.GetProperty("byStatus").GetProperty("200").GetInt64());
        Assert.Equal(1, stats.RootElement.GetProperty("byStatus").GetProperty("500").GetInt64());
    }

    [Fact]
    public async Task DeleteStats_AfterCalls_ZeroesCounters()
    {
        await Clients.OpenAI(Server).GetResponseAsync("hi");

        using var deleted = await Http.DeleteAsync("_fake/stats");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, Server.Stats.Requests);
        Assert.Empty(Server.Stats.ByStatus);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        await Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonDocument> GetJsonAsync(string path) => JsonDocument.Parse(await Http.GetStringAsync(path));
}
