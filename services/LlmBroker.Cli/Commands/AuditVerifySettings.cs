namespace LlmBroker.Cli.Commands;

internal sealed class AuditVerifySettings : PostgresSettings;
