using DbUp;
using LlmBroker.Storage.Internal;
using Npgsql;

namespace LlmBroker.Storage;

/// <summary>
/// Applies the SQL migrations of <c>infra/sql/migrations</c> (embedded in this assembly) with DbUp.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The DbUp journal table, created in the migrated schema.</summary>
    public const string JournalTable = "schema_versions";

    private const string ResourcePrefix = "LlmBroker.Migrations.";

    /// <summary>
    /// Creates <paramref name="schema"/> when missing and applies, in name order, every migration not
    /// yet recorded in its <see cref="JournalTable"/>, each in its own transaction. Safe to call again
    /// (applied scripts are skipped) and from several processes at once (a PostgreSQL advisory lock
    /// per schema serializes them).
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string to the target database.</param>
    /// <param name="schema">The schema to migrate; a plain lower-case identifier such as <c>llmbroker</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    /// <returns>The names of the scripts this call applied (see <see cref="ScriptNames"/>), in order; empty when the schema was up to date.</returns>
    /// <exception cref="DatabaseMigrationException">A script failed; names the script and holds the error.</exception>
    public static IReadOnlyList<string> Migrate(string connectionString, string schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        SchemaNames.Validate(schema);

        // A session lock held for the whole run. Released explicitly: disposing a pooled connection
        // keeps its session (and the lock) alive until the pool reuses it.
        using var lockConnection = new NpgsqlConnection(connectionString);
        lockConnection.Open();
        Execute(lockConnection, "SELECT pg_advisory_lock(hashtext('llmbroker.migrate.' || @schema))", schema);
        try
        {
            Execute(lockConnection, $"CREATE SCHEMA IF NOT EXISTS {schema}", schema: null);

            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString, schema)
                .WithScriptsEmbeddedInAssembly(
                    typeof(DatabaseMigrator).Assembly,
                    name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .JournalToPostgresqlTable(schema, JournalTable)
                .WithVariable("schema", schema)
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build();

            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
            {
                var script = result.ErrorScript?.Name ?? "(before any script ran)";
                throw new DatabaseMigrationException(
                    script,
                    $"Migration {script} failed on schema '{schema}': {result.Error?.Message}",
                    result.Error);
            }

            return result.Scripts.Select(script => script.Name).ToArray();
        }
        finally
        {
            Execute(lockConnection, "SELECT pg_advisory_unlock(hashtext('llmbroker.migrate.' || @schema))", schema);
        }
    }

    /// <summary>The names of the embedded migration scripts, in the order they are applied.</summary>
    public static IReadOnlyList<string> ScriptNames() =>
        typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static void Execute(NpgsqlConnection connection, string sql, string? schema)
    {
        using var command = new NpgsqlCommand(sql, connection);
        if (schema is not null)
        {
            command.Parameters.AddWithValue("schema", schema);
        }

        command.ExecuteNonQuery();
    }
}

/// <summary>A migration script failed.</summary>
public sealed class DatabaseMigrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatabaseMigrationException(string scriptName, string message, Exception? innerException)
        : base(message, innerException) => ScriptName = scriptName;

    /// <summary>The embedded resource name of the failing script, e.g. <c>LlmBroker.Migrations.0002_audit_log.sql</c>.</summary>
    public string ScriptName { get; }
}
