using Npgsql;

namespace LlmBroker.Storage.Pricing;

/// <summary>
/// The prices table held in memory for lookups on a hot path, reloaded by <see cref="RunAsync"/>
/// every refresh interval (a failed reload keeps the previous prices). Thread-safe.
/// </summary>
public sealed class PriceBook(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string SelectSql = """
        SELECT provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok,
               output_usd_per_mtok, batch_discount, cache_write_usd_per_mtok,
               long_context_threshold_tokens, long_input_usd_per_mtok, long_cached_input_usd_per_mtok,
               long_cache_write_usd_per_mtok, long_output_usd_per_mtok
        FROM prices
        """;

    private volatile PriceList _prices = PriceList.Empty;

    /// <summary>The prices loaded last.</summary>
    public PriceList Current => _prices;

    /// <summary>When the prices were loaded last, or null before the first load.</summary>
    public DateTimeOffset? LoadedAt { get; private set; }

    /// <summary>The price of <paramref name="model"/> at <paramref name="at"/>, or null when none is known.</summary>
    public ModelPrice? Find(string provider, string model, DateTimeOffset at) => _prices.Find(provider, model, at);

    /// <summary>Reloads every price.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        _prices = await LoadAsync(connection, null, cancellationToken).ConfigureAwait(false);
        LoadedAt = time.GetUtcNow();
    }

    /// <summary>Loads now, then every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, Action<Exception>? onError, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                onError?.Invoke(e);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads the prices table on <paramref name="connection"/> (inside <paramref name="transaction"/> when given).</summary>
    public static async Task<PriceList> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var prices = new List<ModelPrice>();
        await using var command = new NpgsqlCommand(SelectSql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            prices.Add(new ModelPrice(
                reader.GetString(0),
                reader.GetString(1),
                new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero),
                reader.GetDecimal(3),
                reader.GetDecimal(4),
                reader.GetDecimal(5),
                reader.GetDecimal(6),
                NullableDecimal(reader, 7),
                reader.IsDBNull(8)
                    ? null
                    : new LongContextPrice(
                        reader.GetInt32(8), reader.GetDecimal(9), NullableDecimal(reader, 10), NullableDecimal(reader, 11), reader.GetDecimal(12))));
        }

        return new PriceList(prices);
    }

    private static decimal? NullableDecimal(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}
