using LlmBroker.Routing.Limits;
using Npgsql;

namespace LlmBroker.Sinks;

/// <summary>
/// Token buckets in <c>rate_buckets</c>, shared by every router process: each take is one atomic
/// statement that refills the bucket for the time passed and takes the tokens only when enough are
/// there. Time comes from the router (so a test clock works); routers' clocks are assumed close.
/// </summary>
/// <param name="dataSource">A data source whose search_path is the storage schema.</param>
public sealed class PostgresQuotaStore(NpgsqlDataSource dataSource) : IQuotaStore
{
    // A missing bucket starts full. The WHERE of the upsert refuses a take that does not fit, so the
    // statement returns no row and the bucket is left as it was.
    private const string TakeSql = """
        INSERT INTO rate_buckets AS b (key, tokens, updated_at) VALUES (@key, @capacity - @amount, @now)
        ON CONFLICT (key) DO UPDATE SET
            tokens = LEAST(@capacity, b.tokens + @rate * GREATEST(0, EXTRACT(EPOCH FROM (@now - b.updated_at)))) - @amount,
            updated_at = GREATEST(b.updated_at, @now)
        WHERE LEAST(@capacity, b.tokens + @rate * GREATEST(0, EXTRACT(EPOCH FROM (@now - b.updated_at)))) >= LEAST(@amount, @capacity)
        RETURNING tokens
        """;

    private const string LevelSql = """
        SELECT LEAST(@capacity, tokens + @rate * GREATEST(0, EXTRACT(EPOCH FROM (@now - updated_at))))::double precision
        FROM rate_buckets WHERE key = @key
        """;

    /// <inheritdoc/>
    public async ValueTask<QuotaGrant> TakeAsync(QuotaBucket bucket, double amount, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var take = Command(connection, TakeSql, bucket, amount, now))
        {
            if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return new QuotaGrant(true, TimeSpan.Zero);
            }
        }

        await using var level = Command(connection, LevelSql, bucket, amount, now);
        var available = await level.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is double tokens ? tokens : bucket.Capacity;
        return new QuotaGrant(false, QuotaMath.WaitFor(Math.Min(amount, bucket.Capacity) - available, bucket.RatePerSecond));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, QuotaBucket bucket, double amount, DateTimeOffset now)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", bucket.Key);
        command.Parameters.AddWithValue("capacity", bucket.Capacity);
        command.Parameters.AddWithValue("rate", bucket.RatePerSecond);
        command.Parameters.AddWithValue("amount", amount);
        command.Parameters.AddWithValue("now", now);
        return command;
    }
}
