using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

/// <summary>Options every command that works on the PostgreSQL tables shares.</summary>
internal abstract class PostgresSettings : CommandSettings
{
    [CommandOption("--pg <CONNECTION>")]
    [Description("PostgreSQL connection string, e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=llmbroker\". Default: $Postgres__ConnectionString")]
    public string? Pg { get; set; }

    [CommandOption("--schema <NAME>")]
    [Description("Schema holding the tables. Default: $Postgres__Schema, else llmbroker")]
    public string? Schema { get; set; }

    public override ValidationResult Validate() => PostgresConnection.ValidateOptions(Pg, Schema);
}
