using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Providers;

/// <summary>Model aliases resolved to their deployments, built once at start.</summary>
internal sealed class DeploymentCatalog : IDisposable
{
    private readonly Dictionary<string, ProviderDeployment[]> _byAlias;

    public DeploymentCatalog(IOptions<RoutingOptions> options, IProviderCredentials credentials)
    {
        var routing = options.Value;
        _byAlias = routing.Models.ToDictionary(
            m => m.Alias,
            m => m.Deployments.Select(d => new ProviderDeployment(d, ChatClientFactory.Create(d, routing.AttemptTimeout, credentials))).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>Deployments of an alias in fallback order, or null for an unknown alias.</summary>
    public IReadOnlyList<ProviderDeployment>? Resolve(string alias) =>
        _byAlias.TryGetValue(alias, out var deployments) ? deployments : null;

    public IEnumerable<string> Aliases => _byAlias.Keys;

    public void Dispose()
    {
        foreach (var deployment in _byAlias.Values.SelectMany(d => d))
        {
            deployment.Dispose();
        }
    }
}
