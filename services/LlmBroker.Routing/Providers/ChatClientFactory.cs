using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmBroker.Routing.Providers;

/// <summary>Creates the Microsoft.Extensions.AI chat client of a deployment from the official SDKs.</summary>
internal static class ChatClientFactory
{
    /// <summary>
    /// The client of <paramref name="deployment"/>. Every HTTP request carries the deployment's current
    /// stored key when <paramref name="credentials"/> has one (rotation without restart), else the
    /// configured key.
    /// </summary>
    public static IChatClient Create(DeploymentOptions deployment, TimeSpan attemptTimeout, IProviderCredentials? credentials = null)
    {
        var apiKey = ApiKeyOf(deployment);

        // Many thousands of calls are in flight at once: a bounded connection pool, no SDK retries (the
        // router's own pipeline retries), and the SDK's timeout just above the attempt timeout.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = deployment.MaxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,

            // The pipeline's trace context stays inside the pipeline: providers get no traceparent
            // header (and each call skips building one).
            ActivityHeadersPropagator = null,
        };
        var style = deployment.Provider.ToLowerInvariant() switch
        {
            ProviderTypes.Anthropic => ProviderAuthStyle.XApiKeyHeader,
            ProviderTypes.AzureOpenAI => ProviderAuthStyle.ApiKeyHeader,
            _ => ProviderAuthStyle.Bearer,
        };
        HttpMessageHandler transport = credentials is null
            ? handler
            : new ProviderAuthHandler(deployment.Name, credentials, style) { InnerHandler = handler };
        if (deployment.HttpVersion == "2")
        {
            transport = new Http2Handler(deployment.Endpoint.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) { InnerHandler = transport };
        }

        var http = new HttpClient(new RetryAfterHandler(transport)) { Timeout = Timeout.InfiniteTimeSpan };
        var networkTimeout = attemptTimeout + TimeSpan.FromSeconds(5);
        switch (deployment.Provider.ToLowerInvariant())
        {
            case ProviderTypes.Anthropic:
                var anthropic = new AnthropicClient
                {
                    ApiKey = apiKey.Length > 0 ? apiKey : "none",
                    BaseUrl = deployment.Endpoint.TrimEnd('/'),
                    HttpClient = http,
                    MaxRetries = 0,
                    Timeout = networkTimeout,
                };
                return anthropic.AsIChatClient(deployment.Model, deployment.DefaultMaxOutputTokens);

            case ProviderTypes.AzureOpenAI:
                // Azure OpenAI through the OpenAI SDK: the deployment URL as the endpoint, and a policy
                // that moves the key to the api-key header and adds api-version (what Azure.AI.OpenAI does).
                var azure = new OpenAIClientOptions
                {
                    Endpoint = new Uri($"{deployment.Endpoint.TrimEnd('/')}/openai/deployments/{Uri.EscapeDataString(deployment.Model)}"),
                    Transport = new HttpClientPipelineTransport(http),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = networkTimeout,
                };
                azure.AddPolicy(new AzureApiKeyPolicy(apiKey, deployment.ApiVersion), PipelinePosition.BeforeTransport);
                azure.AddPolicy(CompactRequestContentPolicy.Instance, PipelinePosition.BeforeTransport);
                return new OpenAIClient(new ApiKeyCredential("azure"), azure).GetChatClient(deployment.Model).AsIChatClient();

            default:
                var options = new OpenAIClientOptions
                {
                    Endpoint = new Uri(deployment.Endpoint),
                    Transport = new HttpClientPipelineTransport(http),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = networkTimeout,
                };
                options.AddPolicy(CompactRequestContentPolicy.Instance, PipelinePosition.BeforeTransport);
                return new OpenAIClient(new ApiKeyCredential(apiKey.Length > 0 ? apiKey : "none"), options)
                    .GetChatClient(deployment.Model)
                    .AsIChatClient();
        }
    }

    private static string ApiKeyOf(DeploymentOptions deployment) => deployment.ApiKeyEnv is { Length: > 0 } variable
        ? Environment.GetEnvironmentVariable(variable) ?? ""
        : deployment.ApiKey ?? "";

    /// <summary>Azure OpenAI's authentication and versioning: <c>api-key</c> header, <c>api-version</c> query.</summary>
    private sealed class AzureApiKeyPolicy(string apiKey, string apiVersion) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Apply(PipelineMessage message)
        {
            var request = message.Request;
            request.Headers.Remove("Authorization");
            request.Headers.Set("api-key", apiKey);
            if (request.Uri is { } uri && !uri.Query.Contains("api-version=", StringComparison.Ordinal))
            {
                var separator = uri.Query.Length > 0 ? "&" : "?";
                request.Uri = new Uri($"{uri}{separator}api-version={Uri.EscapeDataString(apiVersion)}");
            }
        }
    }
}

/// <summary>
/// Holds the Retry-After a provider sent on the current attempt. Every SDK goes through
/// <see cref="RetryAfterHandler"/>, so the delay is known even where an SDK's exception does not carry headers.
/// </summary>
internal sealed class RetryAfterBox
{
    private static readonly AsyncLocal<RetryAfterBox?> s_current = new();

    public static RetryAfterBox? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public TimeSpan? Value { get; set; }
}

/// <summary>
/// Sends the SDKs' requests as HTTP/2 (they build their own request messages, which default to 1.1):
/// negotiated over TLS with a fallback to 1.1, prior knowledge (h2c) over plain http.
/// </summary>
internal sealed class Http2Handler(bool tls) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Version = System.Net.HttpVersion.Version20;
        request.VersionPolicy = tls ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact;
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Copies a response's Retry-After into <see cref="RetryAfterBox.Current"/>.</summary>
internal sealed class RetryAfterHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Headers.RetryAfter is { } retryAfter && RetryAfterBox.Current is { } box)
        {
            box.Value = retryAfter.Delta
                ?? (retryAfter.Date is { } at ? (at - TimeProvider.System.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero) : null);
        }

        return response;
    }
}
