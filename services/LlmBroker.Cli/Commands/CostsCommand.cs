using System.ComponentModel;
using LlmBroker.Cli.Costs;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Show requests, tokens and cost per app and model from PostgreSQL (the cost_hourly rollup)")]
internal sealed class CostsCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<CostsSettings>
{
    /// <summary>PostgreSQL's undefined_table error.</summary>
    private const string UndefinedTable = "42P01";

    public override ValidationResult Validate(CommandContext context, CostsSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, CostsSettings settings, CancellationToken cancellationToken)
    {
        var connection = PostgresConnection.Resolve(settings, environment)!;
        var to = time.GetUtcNow();
        var from = to - settings.SinceValue;
        await using var dataSource = PostgresDataSources.Create(connection.ConnectionString, connection.Schema);
        IReadOnlyList<AppModelCost> rows;
        try
        {
            rows = await new CostQueries(dataSource).CostByAppAndModelAsync(from, to, settings.Tenant, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            throw new InvalidOperationException(
                $"schema {connection.Schema} on {connection.Describe()} has no cost tables: run 'llmbroker migrate --schema {connection.Schema}' first", e);
        }

        var report = new CostReport(from, to, settings.Tenant, rows);
        switch (settings.Format)
        {
            case CostReportFormat.Csv:
                CostReportWriter.WriteCsv(report, terminal.Output);
                break;
            case CostReportFormat.Json:
                CostReportWriter.WriteJson(report, terminal.Output);
                break;
            default:
                await terminal.Output.WriteLineAsync(
                    $"Cost by app and model since {from:yyyy-MM-dd HH:mm} UTC (schema {connection.Schema} on {connection.Describe()})").ConfigureAwait(false);
                terminal.Console.Write(CostReportWriter.Table(report));
                break;
        }

        await terminal.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
