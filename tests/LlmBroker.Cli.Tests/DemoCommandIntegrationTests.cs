using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Submission;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
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
        var clients = new UnsignedProbeClients(new BrokerClients(TimeProvider.System));
        using var cli = new CliHarness(clients, TimeProvider.System);
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

            // Every demo app signed with its own fresh key, whose id (never the key) the output names.
            var keysUsed = clients.SignedWith.ToList();
            Assert.Equal(4, keysUsed.Count);
            var authLine = cli.Output.TrimEnd('\n').Split('\n')[^2];
            Assert.StartsWith("auth: requests signed with one key per app: ", authLine);
            Assert.EndsWith("; 0 rejected (development master key and pepper)", authLine);
            Assert.All(keysUsed, key => Assert.Contains($"{key.App} {key.KeyId}", authLine));
            Assert.All(keysUsed, key => Assert.DoesNotContain(key.ApiKey, cli.Output));

            // An unsigned request sent to the running demo stack is refused by the redactor, with the reason.
            var probe = Assert.Single(clients.ProbeResults);
            Assert.Equal(ResultStatus.Rejected, probe.Status);
            Assert.Equal("unauthenticated", probe.Error.Code);
            Assert.Contains("not signed", probe.Error.Message, StringComparison.Ordinal);

            await using var dataSource = postgres.CreateDataSource(schema);
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM usage_ledger WHERE status <> 'rejected'");
            Assert.Equal((long)Requests, (long)(await count.ExecuteScalarAsync())!);
            await using var expired = dataSource.CreateCommand("SELECT count(*) FROM usage_ledger WHERE status = 'expired'");
            Assert.Equal(1L, (long)(await expired.ExecuteScalarAsync())!);

            // The audit log records, for every demo request, the key that signed it; the probe, none.
            await using var signed = dataSource.CreateCommand(
                "SELECT count(DISTINCT a.request_id) FROM audit_log a JOIN api_keys k ON k.key_id = a.key_id AND k.tenant = a.tenant AND k.app = a.app");
            Assert.Equal((long)Requests, (long)(await signed.ExecuteScalarAsync())!);
            await using var unsigned = dataSource.CreateCommand("SELECT count(DISTINCT request_id) FROM audit_log WHERE key_id IS NULL OR key_id = ''");
            Assert.Equal(1L, (long)(await unsigned.ExecuteScalarAsync())!);
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    /// <summary>
    /// The real clients, recording the key each submission signs with; before the first wave it sends
    /// one unsigned request of the same tenant and app through the running stack.
    /// </summary>
    private sealed class UnsignedProbeClients(IBrokerClients inner) : IBrokerClients
    {
        public ConcurrentBag<(string App, string KeyId, string ApiKey)> SignedWith { get; } = [];

        public ConcurrentBag<Result> ProbeResults { get; } = [];

        private int _probed;

        public async Task<BatchSubmission> SubmitBatchAsync(
            LlmBrokerClientOptions options, IReadOnlyList<PromptRequest> requests, TimeSpan timeout, IProgress<SubmitProgress> progress, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _probed, 1) == 0)
            {
                var unsigned = new LlmBrokerClientOptions { BootstrapServers = options.BootstrapServers, Tenant = options.Tenant, App = options.App };
                var request = new PromptRequest { Model = "gpt-4o-mini", CustomId = "unsigned-probe" };
                request.Messages.Add(new ChatMessage { Role = Role.User, Content = "Am I let in?" });
                var probe = await inner.SubmitBatchAsync(unsigned, [request], timeout, new Progress<SubmitProgress>(), cancellationToken);
                ProbeResults.Add(Assert.Single(probe.Results)!);
            }

            if (!SignedWith.Any(s => s.App == options.App))
            {
                SignedWith.Add((options.App, options.KeyId!, options.ApiKey!));
            }

            return await inner.SubmitBatchAsync(options, requests, timeout, progress, cancellationToken);
        }

        public IAsyncEnumerable<Result> SubscribeAsync(LlmBrokerClientOptions options, string groupId, bool fromBeginning, CancellationToken cancellationToken) =>
            inner.SubscribeAsync(options, groupId, fromBeginning, cancellationToken);
    }

    [GeneratedRegex(@"^demo: requests=(?<requests>\d+) results=(?<results>\d+) failed=(?<failed>\d+) cost_usd=(?<cost>\d+\.\d{6})$")]
    private static partial Regex FinalLine();
}
