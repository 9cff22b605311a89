using LlmBroker.Contracts.V1;

namespace LlmBroker.Routing;

/// <summary>An answer stored for an exact-match cache key.</summary>
public sealed record CachedAnswer(string Output, string FinishReason, Usage Usage, string ProviderModel);

/// <summary>Exact-match response cache the router reads before calling a provider.</summary>
public interface IResponseCache
{
    /// <summary>The stored answer for <paramref name="cacheKey"/>, or null.</summary>
    Task<CachedAnswer?> TryGetAsync(string cacheKey, CancellationToken cancellationToken);
}

/// <summary>No cache: every request goes to a provider.</summary>
public sealed class NoResponseCache : IResponseCache
{
    /// <inheritdoc />
    public Task<CachedAnswer?> TryGetAsync(string cacheKey, CancellationToken cancellationToken) => Task.FromResult<CachedAnswer?>(null);
}
