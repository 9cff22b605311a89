using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmBroker.FakeProvider.Tests;

/// <summary>Gives every test its own fake provider, so behaviour changes never leak between tests.</summary>
public abstract class FakeProviderTest : IAsyncLifetime
{
    private HttpClient? _http;

    protected FakeProviderServer Server { get; private set; } = null!;

    protected virtual FakeProviderOptions Options => new();

    /// <summary>A plain HTTP client on the server's base address, for wire details no SDK shows.</summary>
    protected HttpClient Http => _http ??= new HttpClient { BaseAddress = Server.BaseAddress };

    public async Task InitializeAsync() => Server = await FakeProviderServer.StartAsync(Options);

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Waits for a condition the server reaches asynchronously; fails after a generous deadline.</summary>
    protected static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"timed out waiting until {what}");
            await Task.Delay(10, CancellationToken.None);
        }
    }
}

/// <summary>The official SDKs pointed at a fake provider, with retries off so that errors surface as they are.</summary>
internal static class Clients
{
    public const string OpenAIKey = "sk-openai-test-0001";
    public const string AnthropicKey = "sk-ant-test-0002";

    public static OpenAIClient OpenAIClient(FakeProviderServer server, string key = OpenAIKey, TimeSpan? timeout = null) =>
        new(new ApiKeyCredential(key), OpenAIOptions(server.OpenAIEndpoint, timeout));

    public static IChatClient OpenAI(FakeProviderServer server, string key = OpenAIKey, string model = "gpt-4o-mini", TimeSpan? timeout = null) =>
        OpenAIClient(server, key, timeout).GetChatClient(model).AsIChatClient();

    /// <summary>What Azure.AI.OpenAI sends: deployment in the path, <c>api-version</c> query, <c>api-key</c> header.</summary>
    public static IChatClient Azure(FakeProviderServer server, string deployment, string key)
    {
        var options = OpenAIOptions(new Uri(server.BaseAddress, $"openai/deployments/{deployment}"), timeout: null);
        options.AddPolicy(new AzureApiVersionPolicy(), PipelinePosition.PerCall);
        // The authentication-policy constructor is marked experimental, but it is exactly how Azure.AI.OpenAI
        // sends its api-key header, which is the point of this client.
#pragma warning disable OPENAI001
        var client = new OpenAIClient(ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(key), "api-key"), options);
#pragma warning restore OPENAI001
        return client.GetChatClient(deployment).AsIChatClient();
    }

    public static AnthropicClient AnthropicClient(FakeProviderServer server, string key = AnthropicKey, TimeSpan? timeout = null) => new()
    {
        ApiKey = key,
        BaseUrl = server.BaseAddress.ToString().TrimEnd('/'),
        MaxRetries = 0,
        Timeout = timeout,
    };

    public static IChatClient Anthropic(FakeProviderServer server, string key = AnthropicKey, string model = "claude-fake-1", TimeSpan? timeout = null) =>
        AnthropicClient(server, key, timeout).AsIChatClient(model, 256);

    private static OpenAIClientOptions OpenAIOptions(Uri endpoint, TimeSpan? timeout) => new()
    {
        Endpoint = endpoint,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = timeout,
    };

    private sealed class AzureApiVersionPolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            AddApiVersion(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            AddApiVersion(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private static void AddApiVersion(PipelineMessage message) =>
            message.Request.Uri = new UriBuilder(message.Request.Uri!) { Query = "api-version=2024-10-21" }.Uri;
    }
}

internal static class ChatClientExtensions
{
    public static async Task<ChatResponse> StreamAsync(this IChatClient client, string prompt)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(prompt))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }
}
