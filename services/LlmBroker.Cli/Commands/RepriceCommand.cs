using System.ComponentModel;
using System.Globalization;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using LlmBroker.Storage.Pricing;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Recompute usage_ledger costs from the prices table and rebuild the hourly rollups, in one transaction")]
internal sealed class RepriceCommand(Terminal terminal, CliEnvironment environment) : AsyncCommand<RepriceSettings>
{
    /// <summary>PostgreSQL's undefined_table error.</summary>
    private const string UndefinedTable = "42P01";

    public override ValidationResult Validate(CommandContext context, RepriceSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, RepriceSettings settings, CancellationToken cancellationToken)
    {
        var connection = PostgresConnection.Resolve(settings, environment)!;
        await using var dataSource = PostgresDataSources.Create(connection.ConnectionString, connection.Schema);
        RepriceSummary summary;
        try
        {
            summary = await LedgerRepricer.RepriceAsync(dataSource, settings.SinceValue, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == UndefinedTable)
        {
            throw new InvalidOperationException(
                $"schema {connection.Schema} on {connection.Describe()} has no prices or cost tables: run 'llmbroker migrate --schema {connection.Schema}' first", e);
        }

        var culture = CultureInfo.InvariantCulture;
        await terminal.Output.WriteLineAsync(string.Create(
            culture,
            $"repriced {summary.Repriced} of {summary.Rows} ledger rows since {summary.FromHour:yyyy-MM-dd HH:mm} UTC ({summary.WithoutPrice} without a price kept their cost)"))
            .ConfigureAwait(false);
        await terminal.Output.WriteLineAsync(string.Create(
            culture,
            $"cost {summary.CostBeforeUsd:0.000000000} USD -> {summary.CostAfterUsd:0.000000000} USD; cost_hourly and cost_hourly_tag rebuilt from {summary.FromHour:yyyy-MM-dd HH:mm} UTC"))
            .ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
