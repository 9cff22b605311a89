using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Apply the database migrations to a PostgreSQL schema (created when missing); already applied ones are skipped")]
internal sealed class MigrateCommand(Terminal terminal, CliEnvironment environment) : AsyncCommand<MigrateSettings>
{
    public override ValidationResult Validate(CommandContext context, MigrateSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, MigrateSettings settings, CancellationToken cancellationToken)
    {
        var connection = PostgresConnection.Resolve(settings, environment)!;
        var applied = await Migrations.ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var script in applied)
        {
            await terminal.Output.WriteLineAsync($"applied {script}").ConfigureAwait(false);
        }

        await terminal.Output.WriteLineAsync(Migrations.Summary(connection, applied)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
