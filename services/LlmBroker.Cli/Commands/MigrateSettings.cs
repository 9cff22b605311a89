namespace LlmBroker.Cli.Commands;

/// <summary><c>--pg</c> and <c>--schema</c> are all a migration needs.</summary>
internal sealed class MigrateSettings : PostgresSettings;
