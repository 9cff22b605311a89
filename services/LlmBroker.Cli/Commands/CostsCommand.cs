using System.ComponentModel;
using LlmBroker.Cli.Costs;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Show requests, tokens and cost per app and model, or --by app, model, tag or day with a bar chart, from the PostgreSQL rollups")]
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
        try
        {
            if (settings.By is { } by)
            {
                var groups = await CostBreakdownQuery.QueryAsync(dataSource, CostsSettings.Dimensions[by], from, to, settings.Tenant, cancellationToken).ConfigureAwait(false);
                await WriteBreakdownAsync(new CostBreakdownReport(from, to, settings.Tenant, by, groups), settings.Format, connection, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var rows = await new CostQueries(dataSource).CostByAppAndModelAsync(from, to, settings.Tenant, cancellationToken).ConfigureAwait(false);
            await WriteReportAsync(new CostReport(from, to, settings.Tenant, rows), settings.Format, connection, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            throw new InvalidOperationException(
                $"schema {connection.Schema} on {connection.Describe()} has no cost tables: run 'llmbroker migrate --schema {connection.Schema}' first", e);
        }
    }

    private async Task WriteBreakdownAsync(CostBreakdownReport report, string format, PostgresConnection connection, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case CostReportFormat.Csv:
                CostBreakdownWriter.WriteCsv(report, terminal.Output);
                break;
            case CostReportFormat.Json:
                CostBreakdownWriter.WriteJson(report, terminal.Output);
                break;
            default:
                await terminal.Output.WriteLineAsync(
                    $"Cost by {report.By} since {report.From:yyyy-MM-dd HH:mm} UTC (schema {connection.Schema} on {connection.Describe()})").ConfigureAwait(false);
                terminal.Console.Write(CostBreakdownWriter.Table(report));
                if (report.Rows.Count > 0)
                {
                    terminal.Console.Write(CostBreakdownWriter.Chart(report));
                }

                break;
        }

        await terminal.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteReportAsync(CostReport report, string format, PostgresConnection connection, CancellationToken cancellationToken)
    {
        var from = report.From;

        switch (format)
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
    }
}
