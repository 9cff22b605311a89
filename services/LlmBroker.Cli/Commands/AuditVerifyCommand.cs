using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Walk every audit log hash chain; report the first broken link (exit 1) or the rows checked")]
internal sealed class AuditVerifyCommand(Terminal terminal, CliEnvironment environment) : AsyncCommand<AuditVerifySettings>
{
    /// <summary>PostgreSQL's undefined_table error.</summary>
    private const string UndefinedTable = "42P01";

    public override ValidationResult Validate(CommandContext context, AuditVerifySettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, AuditVerifySettings settings, CancellationToken cancellationToken)
    {
        var connection = PostgresConnection.Resolve(settings, environment)!;
        await using var dataSource = PostgresDataSources.Create(connection.ConnectionString, connection.Schema);
        AuditVerification result;
        try
        {
            result = await AuditChainVerifier.VerifyAsync(dataSource, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            throw new InvalidOperationException(
                $"schema {connection.Schema} on {connection.Describe()} has no audit tables: run 'llmbroker migrate --schema {connection.Schema}' first", e);
        }

        if (result.FirstBreak is { } broken)
        {
            var row = broken.RowId is { } id ? $"row id {id}" : "chain head";
            await terminal.Output.WriteLineAsync(
                $"audit chain BROKEN: chain {broken.Chain ?? "(none)"}, {row}, position {broken.ChainSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}: {broken.Field} expected {broken.Expected}, found {broken.Found}")
                .ConfigureAwait(false);
            await terminal.Output.WriteLineAsync($"{result.RowsChecked} rows checked before the break").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await terminal.Output.WriteLineAsync($"audit log intact: {result.RowsChecked} rows checked in {result.Chains} chains").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
