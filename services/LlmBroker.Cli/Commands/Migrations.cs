using LlmBroker.Storage;

namespace LlmBroker.Cli.Commands;

/// <summary>Applies the migrations for the commands that need the tables (migrate, dev, demo).</summary>
internal static class Migrations
{
    private const string ResourcePrefix = "LlmBroker.Migrations.";

    /// <summary>Migrates the schema; returns the file names of the scripts applied.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(PostgresConnection connection, CancellationToken cancellationToken)
    {
        // DbUp is synchronous; keep the caller's thread (a Ctrl+C handler, a progress display) free.
        var applied = await Task.Run(() => DatabaseMigrator.Migrate(connection.ConnectionString, connection.Schema), cancellationToken).ConfigureAwait(false);
        return applied.Select(FileName).ToArray();
    }

    /// <summary><c>schema llmbroker on host:port/db: 5 migrations applied (5 in all)</c>, or <c>… up to date (5 migrations)</c>.</summary>
    public static string Summary(PostgresConnection connection, IReadOnlyList<string> applied)
    {
        var total = DatabaseMigrator.ScriptNames().Count;
        var where = $"schema {connection.Schema} on {connection.Describe()}";
        return applied.Count == 0
            ? $"{where}: up to date ({Plural(total, "migration")})"
            : $"{where}: {Plural(applied.Count, "migration")} applied ({total} in all)";
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string FileName(string scriptName) =>
        scriptName.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? scriptName[ResourcePrefix.Length..] : scriptName;
}
