using LlmBroker.Storage.Internal;
using Npgsql;

namespace LlmBroker.Storage;

/// <summary>Builds the <see cref="NpgsqlDataSource"/> the storage classes use.</summary>
public static class PostgresDataSources
{
    /// <summary>
    /// A data source whose connections have <c>search_path</c> set to <paramref name="schema"/>, so the
    /// storage classes' unqualified table names resolve to that schema.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, string schema) =>
        new NpgsqlDataSourceBuilder(WithSearchPath(connectionString, schema)).Build();

    /// <summary>A data source for <see cref="PostgresOptions.ConnectionString"/> and <see cref="PostgresOptions.Schema"/>.</summary>
    public static NpgsqlDataSource Create(PostgresOptions options) =>
        Create(options.ConnectionString, options.Schema);

    /// <summary>
    /// <paramref name="connectionString"/> with <c>Search Path</c> set to <paramref name="schema"/>
    /// (for tools such as psql or a dashboard that take a connection string).
    /// </summary>
    public static string WithSearchPath(string connectionString, string schema)
    {
        SchemaNames.Validate(schema);
        return new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }
}
