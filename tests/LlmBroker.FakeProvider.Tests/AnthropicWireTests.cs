using Microsoft.Extensions.AI;

namespace LlmBroker.FakeProvider.Tests;

public sealed class AnthropicWireTests : FakeProviderTest
{
    [Fact]
    public async Task GetResponseAsync_UserMessage_EchoesItWithUsage()
    {
        var response = await Clients.Anthropic(Server).GetResponseAsync("Hello <EMAIL_1>!");

        Assert.Equal("echo: Hello <EMAIL_1>!", response.Text);
        Assert.Equal("claude-fake-1", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.StartsWith("msg_", response.ResponseId);
        Assert.Equal(4, response.Usage?.InputTokenCount); // 16 chars
        Assert.Equal(6, response.Usage?.OutputTokenCount); // 22 chars
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UserMessage_StreamsEchoAndUsage()
    {
        var response = await Clients.Anthropic(Server).StreamAsync("stream me three words");

        Assert.Equal("echo: stream me three words", response.Text);
        Assert.Equal(6, response.Usage?.InputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        Assert.Contains("\"stream\":true", Server.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_RequiredKeyFromSdk_IsAccepted()
    {
        Server.Behavior.RequiredApiKeys = [Clients.AnthropicKey];

        var response = await Clients.Anthropic(Server).GetResponseAsync("hi");

        Assert.Equal("echo: hi", response.Text);
        Assert.Equal("0002", Server.Requests.Single().ApiKeyLast4);
    }

    [Theory]
    [InlineData("x-api-key", "sk-ant-test-0002")]
    [InlineData("Authorization", "Bearer sk-ant-test-0002")]
    public async Task PostMessages_EitherKeyHeader_IsAccepted(string header, string value)
    {
        Server.Behavior.RequiredApiKeys = [Clients.AnthropicKey];
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}"""),
        };
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
