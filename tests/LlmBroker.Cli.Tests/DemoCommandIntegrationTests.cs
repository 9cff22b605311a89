using System.Globalization;
using System.Text.RegularExpressions;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Submission;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Cli.Tests;

/// <summary>
/// The demo end to end, in this process: in-process Kafka mock cluster, fake provider, every stage,
/// and the real local PostgreSQL (<see cref="PostgresEnvironment"/>).
/// </summary>
public sealed partial class DemoCommandIntegrationTests
{
    [Fact]
    public async Task Demo_SmallRunOnLocalPostgres_EveryRequestAnsweredCostedAndInTheLedger()
    {
        const int Requests = 12;
        var postgres = await PostgresEnvironment.GetAsync();
        var schema = $"t_cli_demo_{Guid.NewGuid():N}"[..24];
        using var cli = new CliHarness(new BrokerClients(TimeProvider.System), TimeProvider.System);
        cli.Environment.Clear();
        try
        {
            var exitCode = await cli.RunAsync(
                "demo", "--pg", postgres.ConnectionString, "--schema", schema, "--requests", Requests.ToString(CultureInfo.InvariantCulture));

            var lastLine = cli.Output.TrimEnd('\n').Split('\n')[^1];
            var final = FinalLine().Match(lastLine);
            Assert.True(final.Success, $"unexpected last line '{lastLine}'; stderr: {cli.Error}");
            Assert.Equal(ExitCodes.Ok, exitCode);
            Assert.Equal(Requests, int.Parse(final.Groups["requests"].Value, CultureInfo.InvariantCulture));
            Assert.Equal(Requests, int.Parse(final.Groups["results"].Value, CultureInfo.InvariantCulture));
            Assert.Equal(1, int.Parse(final.Groups["failed"].Value, CultureInfo.InvariantCulture)); // the request sent past its deadline
            Assert.True(decimal.Parse(final.Groups["cost"].Value, CultureInfo.InvariantCulture) > 0);

            await using var dataSource = postgres.CreateDataSource(schema);
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM usage_ledger");
            Assert.Equal((long)Requests, (long)(await count.ExecuteScalarAsync())!);
            await using var expired = dataSource.CreateCommand("SELECT count(*) FROM usage_ledger WHERE status = 'expired'");
            Assert.Equal(1L, (long)(await expired.ExecuteScalarAsync())!);
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    [GeneratedRegex(@"^demo: requests=(?<requests>\d+) results=(?<results>\d+) failed=(?<failed>\d+) cost_usd=(?<cost>\d+\.\d{6})$")]
    private static partial Regex FinalLine();
}
