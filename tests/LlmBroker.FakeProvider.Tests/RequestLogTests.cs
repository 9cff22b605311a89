using Microsoft.Extensions.AI;

namespace LlmBroker.FakeProvider.Tests;

public sealed class RequestLogTests : FakeProviderTest
{
    protected override FakeProviderOptions Options => new() { MaxLoggedRequests = 3 };

    [Fact]
    public async Task Requests_OpenAICall_RecordsRequestWithMaskedKey()
    {
        await Clients.OpenAI(Server).GetResponseAsync("my secret is <SSN_1>");

        var request = Server.Requests.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.Equal("0001", request.ApiKeyLast4);
        Assert.Equal("Bearer ***0001", request.Headers["Authorization"]);
        Assert.DoesNotContain(request.Headers.Values, v => v.Contains(Clients.OpenAIKey, StringComparison.Ordinal));
        Assert.Contains("my secret is <SSN_1>", request.Body, StringComparison.Ordinal);
        Assert.Equal(1, request.Sequence);
    }

    [Fact]
    public async Task Requests_AnthropicCall_RecordsMaskedKeyHeader()
    {
        await Clients.Anthropic(Server).GetResponseAsync("hi");

        var request = Server.Requests.Single();
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("claude-fake-1", request.Model);
        Assert.Equal("0002", request.ApiKeyLast4);
        Assert.DoesNotContain(request.Headers.Values, v => v.Contains(Clients.AnthropicKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_MoreThanCapacity_KeepsNewest()
    {
        var client = Clients.OpenAI(Server);
        for (var i = 1; i <= 5; i++)
        {
            await client.GetResponseAsync($"message {i}");
        }

        Assert.Equal([3L, 4L, 5L], Server.Requests.Select(r => r.Sequence));
        Assert.Contains("message 5", Server.Requests[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearRequests_AfterCalls_EmptiesLog()
    {
        await Clients.OpenAI(Server).GetResponseAsync("hi");

        Server.ClearRequests();

        Assert.Empty(Server.Requests);
        Assert.Equal(1, Server.Stats.Requests);
    }

    [Fact]
    public async Task Requests_LogDisabled_StaysEmpty()
    {
        await using var server = await FakeProviderServer.StartAsync(new FakeProviderOptions { MaxLoggedRequests = 0 });

        await Clients.OpenAI(server).GetResponseAsync("hi");

        Assert.Empty(server.Requests);
        Assert.Equal(1, server.Stats.ByStatus[200]);
    }
}
