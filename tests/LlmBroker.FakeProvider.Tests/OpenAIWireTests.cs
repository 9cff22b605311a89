using Microsoft.Extensions.AI;

namespace LlmBroker.FakeProvider.Tests;

public sealed class OpenAIWireTests : FakeProviderTest
{
    [Fact]
    public async Task GetResponseAsync_UserMessage_EchoesItWithUsage()
    {
        var response = await Clients.OpenAI(Server).GetResponseAsync("Hello <PERSON_1>, how are you?");

        Assert.Equal("echo: Hello <PERSON_1>, how are you?", response.Text);
        Assert.Equal("gpt-4o-mini", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.StartsWith("chatcmpl-", response.ResponseId);
        Assert.Equal(8, response.Usage?.InputTokenCount); // 30 characters, ~4 a token
        Assert.Equal(9, response.Usage?.OutputTokenCount); // 36 characters
        Assert.Equal(response.Usage!.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.Equal(0, response.Usage.CachedInputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UserMessage_StreamsEchoAndFinalUsage()
    {
        var response = await Clients.OpenAI(Server).StreamAsync("stream me three words");

        Assert.Equal("echo: stream me three words", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(6, response.Usage?.InputTokenCount);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        Assert.Contains("\"include_usage\":true", Server.Requests.Single().Body.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_FixedReply_ReturnsIt()
    {
        Server.Behavior.Reply = "fixed answer";

        var response = await Clients.OpenAI(Server).GetResponseAsync("anything");

        Assert.Equal("fixed answer", response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_AzureDeploymentShape_AnswersWithApiKeyHeader()
    {
        Server.Behavior.RequiredApiKeys = ["azure-key-000042"];

        var response = await Clients.Azure(Server, "my-deployment", "azure-key-000042").GetResponseAsync("hi azure");

        Assert.Equal("echo: hi azure", response.Text);
        var request = Server.Requests.Single();
        Assert.Equal("/openai/deployments/my-deployment/chat/completions", request.Path);
        Assert.Equal("?api-version=2024-10-21", request.Query);
        Assert.Equal("my-deployment", request.Model);
        Assert.Equal("***0042", request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task GetModelsAsync_Default_ListsConfiguredModels()
    {
        var models = await Clients.OpenAIClient(Server).GetOpenAIModelClient().GetModelsAsync();

        Assert.Equal(["gpt-4o-mini", "gpt-4o"], models.Value.Select(m => m.Id));
    }
}
