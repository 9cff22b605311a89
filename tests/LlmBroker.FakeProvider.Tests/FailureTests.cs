using System.ClientModel;
using System.Text.Json;
using Anthropic.Exceptions;
using Microsoft.Extensions.AI;

namespace LlmBroker.FakeProvider.Tests;

public sealed class FailureTests : FakeProviderTest
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAI_RateLimited_Throws429WithRetryAfter(bool stream)
    {
        Server.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.RateLimited, RetryAfterSeconds = 7 });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => CallAsync(Clients.OpenAI(Server), stream));

        Assert.Equal(429, error.Status);
        Assert.Contains("rate_limit_exceeded", error.Message, StringComparison.Ordinal);
        Assert.True(error.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("7", retryAfter);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Anthropic_RateLimited_ThrowsRateLimitError(bool stream)
    {
        Server.Behavior.FailNext(FakeFailureKind.RateLimited);

        var error = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => CallAsync(Clients.Anthropic(Server), stream));

        Assert.Equal("rate_limit_error", error.Type?.Raw());
    }

    [Fact]
    public async Task PostMessages_RateLimited_SendsRetryAfterHeader()
    {
        Server.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.RateLimited, RetryAfterSeconds = 3 });

        using var response = await Http.PostAsync("v1/messages", new StringContent("""{"model":"m","messages":[]}"""));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(FakeFailureKind.ServerError, 500)]
    [InlineData(FakeFailureKind.ServiceUnavailable, 503)]
    public async Task OpenAI_ServerFailure_ThrowsWithStatus(FakeFailureKind kind, int status)
    {
        Server.Behavior.FailNext(kind, count: 2);

        var plain = await Assert.ThrowsAsync<ClientResultException>(() => CallAsync(Clients.OpenAI(Server), stream: false));
        var streamed = await Assert.ThrowsAsync<ClientResultException>(() => CallAsync(Clients.OpenAI(Server), stream: true));

        Assert.Equal(status, plain.Status);
        Assert.Equal(status, streamed.Status);
        Assert.Equal(2, Server.Stats.ByStatus[status]);
    }

    [Fact]
    public async Task Anthropic_ServerError_Throws5xx()
    {
        Server.Behavior.FailNext(FakeFailureKind.ServerError);

        var error = await Assert.ThrowsAsync<Anthropic5xxException>(() => CallAsync(Clients.Anthropic(Server), stream: false));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("api_error", error.Type?.Raw());
    }

    [Fact]
    public async Task Anthropic_ServiceUnavailable_ThrowsServiceUnavailable()
    {
        Server.Behavior.FailNext(FakeFailureKind.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<AnthropicServiceUnavailableException>(() => CallAsync(Clients.Anthropic(Server), stream: true));

        Assert.Equal("overloaded_error", error.Type?.Raw());
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task Call_Timeout_ClientGivesUpAndServerCountsAbort(string provider)
    {
        Server.Behavior.FailNext(FakeFailureKind.Timeout);
        var timeout = TimeSpan.FromMilliseconds(300);
        var client = provider == "openai" ? Clients.OpenAI(Server, timeout: timeout) : Clients.Anthropic(Server, timeout: timeout);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CallAsync(client, stream: false));

        await WaitUntilAsync(() => Server.Stats is { Aborted: 1, InFlight: 0 }, "the hanging request is released");
    }

    [Fact]
    public async Task DisposeAsync_HangingRequest_ReleasesIt()
    {
        var server = await FakeProviderServer.StartAsync();
        server.Behavior.FailNext(FakeFailureKind.Timeout);
        var call = CallAsync(Clients.OpenAI(server, timeout: TimeSpan.FromMinutes(5)), stream: false);
        await WaitUntilAsync(() => server.Stats.InFlight == 1, "the request hangs");

        await server.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => call);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAI_MalformedBody_ThrowsJsonException(bool stream)
    {
        Server.Behavior.FailNext(FakeFailureKind.MalformedBody);

        await Assert.ThrowsAnyAsync<JsonException>(() => CallAsync(Clients.OpenAI(Server), stream));
    }

    [Fact]
    public async Task Anthropic_MalformedBody_Throws()
    {
        Server.Behavior.FailNext(FakeFailureKind.MalformedBody, count: 2);

        await Assert.ThrowsAnyAsync<JsonException>(() => CallAsync(Clients.Anthropic(Server), stream: false));
        await Assert.ThrowsAsync<AnthropicInvalidDataException>(() => CallAsync(Clients.Anthropic(Server), stream: true));
    }

    [Fact]
    public async Task OpenAI_StreamCut_ThrowsAfterPartialStream()
    {
        Server.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.StreamCut, AfterChunks = 2, Count = 1 });
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in Clients.OpenAI(Server).GetStreamingResponseAsync("one two three four five"))
            {
                received.Add(update.Text);
            }
        });

        Assert.DoesNotContain("echo: one two three four five", string.Concat(received), StringComparison.Ordinal);
        await WaitUntilAsync(() => Server.Stats.Aborted == 1, "the server counts the cut");
    }

    [Theory]
    [InlineData("openai", false)]
    [InlineData("anthropic", false)]
    [InlineData("anthropic", true)]
    public async Task Call_StreamCut_Throws(string provider, bool stream)
    {
        Server.Behavior.FailNext(FakeFailureKind.StreamCut);
        var client = provider == "openai" ? Clients.OpenAI(Server) : Clients.Anthropic(Server);

        await Assert.ThrowsAnyAsync<Exception>(() => CallAsync(client, stream));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAI_ContextLengthExceeded_Throws400WithCode(bool stream)
    {
        Server.Behavior.FailNext(FakeFailureKind.ContextLengthExceeded);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => CallAsync(Clients.OpenAI(Server), stream));

        Assert.Equal(400, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content);
        Assert.Equal("context_length_exceeded", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Anthropic_ContextLengthExceeded_ThrowsInvalidRequest()
    {
        Server.Behavior.FailNext(FakeFailureKind.ContextLengthExceeded);

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => CallAsync(Clients.Anthropic(Server), stream: false));

        Assert.Equal("invalid_request_error", error.Type?.Raw());
        Assert.Contains("prompt is too long", error.ApiMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAI_WrongApiKey_Throws401()
    {
        Server.Behavior.RequiredApiKeys = ["sk-the-right-key-1"];

        var error = await Assert.ThrowsAsync<ClientResultException>(() => CallAsync(Clients.OpenAI(Server, key: "sk-the-wrong-key-2"), stream: false));

        Assert.Equal(401, error.Status);
        Assert.Contains("invalid_api_key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anthropic_WrongApiKey_ThrowsUnauthorized()
    {
        Server.Behavior.RequiredApiKeys = ["sk-the-right-key-1"];

        var error = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => CallAsync(Clients.Anthropic(Server, key: "nope"), stream: true));

        Assert.Equal("authentication_error", error.Type?.Raw());
    }

    [Fact]
    public async Task Call_AfterFailNextIsSpent_Succeeds()
    {
        Server.Behavior.FailNext(FakeFailureKind.ServerError);
        var client = Clients.OpenAI(Server);

        await Assert.ThrowsAsync<ClientResultException>(() => CallAsync(client, stream: false));
        var response = await client.GetResponseAsync("again");

        Assert.Equal("echo: again", response.Text);
        Assert.Equal(0, Server.Behavior.Failures.Single().Count);
    }

    private static async Task CallAsync(IChatClient client, bool stream)
    {
        if (stream)
        {
            await client.StreamAsync("one two three four");
        }
        else
        {
            await client.GetResponseAsync("one two three four");
        }
    }
}
