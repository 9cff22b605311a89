using LlmBroker.Routing;
using LlmBroker.Storage;
using Npgsql;

namespace LlmBroker.Sinks;

/// <summary>The router's exact-match cache, read from the table the cache-writer fills.</summary>
internal sealed class PostgresResponseCache(NpgsqlDataSource dataSource) : IResponseCache
{
    public async Task<CachedAnswer?> TryGetAsync(string cacheKey, CancellationToken cancellationToken)
    {
        var entry = await ResponseCacheReader.TryGetAsync(dataSource, cacheKey, cancellationToken).ConfigureAwait(false);
        return entry is null ? null : new CachedAnswer(entry.Output, entry.FinishReason, entry.Usage, entry.ProviderModel ?? entry.Model);
    }
}
