using System.Globalization;
using Npgsql;

namespace LlmBroker.Testing.Postgres;

/// <summary>
/// A migrated schema of its own for one test (or test class), with a data source on it. Disposing
/// drops the schema.
/// </summary>
public sealed class PostgresTestSchema : IAsyncDisposable
{
    private readonly PostgresEnvironment _environment;

    internal PostgresTestSchema(PostgresEnvironment environment, string name)
    {
        _environment = environment;
        Name = name;
        ConnectionString = environment.ConnectionStringFor(name);
        DataSource = environment.CreateDataSource(name);
    }

    /// <summary>The schema name.</summary>
    public string Name { get; }

    /// <summary>Connection string whose search_path is this schema.</summary>
    public string ConnectionString { get; }

    /// <summary>Data source whose connections use this schema.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Runs <paramref name="sql"/> and returns the first column of the first row, converted to
    /// <typeparamref name="T"/> (so <c>sum(bigint)</c>, a numeric, reads as a long); default when NULL.
    /// </summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync() switch
        {
            null or DBNull => default!,
            T value => value,
            var value => (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Runs <paramref name="sql"/>; returns the number of rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _environment.DropSchemaAsync(Name);
    }
}
