using LlmBroker.Testing.Postgres;
using Npgsql;

namespace LlmBroker.Storage.Tests;

/// <summary>Gives each test its own migrated schema on the shared server, dropped afterwards.</summary>
public abstract class PostgresTest : IAsyncLifetime
{
    private PostgresTestSchema? _schema;

    protected PostgresTestSchema Db => _schema ?? throw new InvalidOperationException("Not initialized.");

    protected NpgsqlDataSource DataSource => Db.DataSource;

    public async Task InitializeAsync()
    {
        var environment = await PostgresEnvironment.GetAsync();
        _schema = await environment.CreateTestSchemaAsync(GetType().Name);
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="write"/> in one transaction and commits it.</summary>
    protected async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await write(connection, transaction);
        await transaction.CommitAsync();
        return result;
    }
}
