using System.Net.Http.Headers;

namespace LlmBroker.Routing.Providers;

/// <summary>
/// Provider keys managed at run time (stored encrypted, rotated without restart). Consulted on every
/// HTTP request a deployment sends, so a rotation applies to the next request while calls already in
/// flight finish with the key they were sent with.
/// </summary>
public interface IProviderCredentials
{
    /// <summary>
    /// The key the next request of <paramref name="deployment"/> carries (taking the deployment's
    /// active keys in turn), or null when none is stored and the configured key applies.
    /// </summary>
    string? NextKey(string deployment);
}

/// <summary>Only the keys in the routing configuration.</summary>
internal sealed class ConfiguredKeysOnly : IProviderCredentials
{
    public string? NextKey(string deployment) => null;
}

/// <summary>How a provider expects its key on the wire.</summary>
internal enum ProviderAuthStyle
{
    /// <summary><c>Authorization: Bearer</c> (OpenAI and compatible servers).</summary>
    Bearer,

    /// <summary><c>api-key</c> header (Azure OpenAI).</summary>
    ApiKeyHeader,

    /// <summary><c>x-api-key</c> header (Anthropic).</summary>
    XApiKeyHeader,
}

/// <summary>
/// Puts the deployment's current managed key on each request, replacing the key the SDK was built
/// with; leaves the request alone when no managed key is stored.
/// </summary>
internal sealed class ProviderAuthHandler(string deployment, IProviderCredentials credentials, ProviderAuthStyle style) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (credentials.NextKey(deployment) is { } key)
        {
            switch (style)
            {
                case ProviderAuthStyle.Bearer:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    break;
                case ProviderAuthStyle.ApiKeyHeader:
                    request.Headers.Remove("api-key");
                    request.Headers.TryAddWithoutValidation("api-key", key);
                    break;
                case ProviderAuthStyle.XApiKeyHeader:
                    request.Headers.Remove("x-api-key");
                    request.Headers.TryAddWithoutValidation("x-api-key", key);
                    break;
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
