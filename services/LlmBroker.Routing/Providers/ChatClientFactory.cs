using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmBroker.Routing.Providers;

/// <summary>Creates the Microsoft.Extensions.AI chat client of a deployment from the official SDKs.</summary>
internal static class ChatClientFactory
{
    public static IChatClient Create(DeploymentOptions deployment, TimeSpan attemptTimeout, IProviderCredentials credentials)
    {
        var apiKey = deployment.ApiKeyEnv is { Length: > 0 } variable
            ? Environment.GetEnvironmentVariable(variable) ?? ""
            : deployment.ApiKey ?? "";

        // Many thousands of calls are in flight at once: a bounded connection pool, no SDK retries (the
        // router's own pipeline retries), and the SDK's timeout just above the attempt timeout.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = deployment.MaxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
        };
        var http = new HttpClient(new ProviderAuthHandler(deployment.Name, credentials, ProviderAuthStyle.Bearer) { InnerHandler = handler }) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(deployment.Endpoint),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = attemptTimeout + TimeSpan.FromSeconds(5),
        };
        return new OpenAIClient(new ApiKeyCredential(apiKey.Length > 0 ? apiKey : "none"), options)
            .GetChatClient(deployment.Model)
            .AsIChatClient();
    }
}
