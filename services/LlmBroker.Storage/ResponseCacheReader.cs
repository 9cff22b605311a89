using LlmBroker.Contracts.V1;
using Npgsql;

namespace LlmBroker.Storage;

/// <summary>A cached answer found by the router's exact-match lookup.</summary>
/// <param name="Model">The model alias the answer was produced for.</param>
/// <param name="ProviderModel">The model name the provider reported, when known.</param>
/// <param name="Output">The redacted (PII-free) output.</param>
/// <param name="FinishReason">The provider's finish reason, empty when unknown.</param>
/// <param name="Usage">Token usage of the original call (a cache hit costs nothing new).</param>
/// <param name="CreatedAt">When the answer was produced.</param>
/// <param name="ExpiresAt">When it stops being served.</param>
public sealed record CachedResponse(
    string Model,
    string? ProviderModel,
    string Output,
    string FinishReason,
    Usage Usage,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>The router's exact-match lookup in <c>response_cache</c>.</summary>
public static class ResponseCacheReader
{
    private const string LookupSql = """
        SELECT model, provider_model, output, finish_reason,
               input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, created_at, expires_at
        FROM response_cache
        WHERE cache_key = @key AND expires_at > @now
        """;

    /// <summary>
    /// The entry for <paramref name="cacheKey"/> unexpired by the system clock, or null.
    /// </summary>
    /// <param name="dataSource">A data source whose search_path is the storage schema.</param>
    /// <param name="cacheKey">The router's cache key of the redacted request.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<CachedResponse?> TryGetAsync(
        NpgsqlDataSource dataSource, string cacheKey, CancellationToken cancellationToken) =>
        TryGetAsync(dataSource, cacheKey, TimeProvider.System, cancellationToken);

    /// <summary>
    /// The entry for <paramref name="cacheKey"/> unexpired at <paramref name="timeProvider"/>'s now, or
    /// null. One indexed read; hits are counted by <see cref="ResponseCacheWriter"/> from the
    /// outcomes, not here, so a lookup never writes.
    /// </summary>
    /// <param name="dataSource">A data source whose search_path is the storage schema.</param>
    /// <param name="cacheKey">The router's cache key of the redacted request.</param>
    /// <param name="timeProvider">Decides which entries have expired.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<CachedResponse?> TryGetAsync(
        NpgsqlDataSource dataSource, string cacheKey, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (string.IsNullOrEmpty(cacheKey))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(LookupSql);
        command.Parameters.AddWithValue("key", cacheKey);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow().UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CachedResponse(
            Model: reader.GetString(0),
            ProviderModel: reader.IsDBNull(1) ? null : reader.GetString(1),
            Output: reader.GetString(2),
            FinishReason: reader.IsDBNull(3) ? "" : reader.GetString(3),
            Usage: new Usage
            {
                InputTokens = reader.GetInt32(4),
                OutputTokens = reader.GetInt32(5),
                CachedInputTokens = reader.GetInt32(6),
                ReasoningTokens = reader.GetInt32(7),
            },
            CreatedAt: reader.GetFieldValue<DateTimeOffset>(8),
            ExpiresAt: reader.GetFieldValue<DateTimeOffset>(9));
    }
}
