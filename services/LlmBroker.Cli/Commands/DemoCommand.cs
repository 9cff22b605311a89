using System.ComponentModel;
using System.Globalization;
using LlmBroker.Cli.Costs;
using LlmBroker.Cli.Demo;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Stack;
using LlmBroker.Cli.Submission;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.Storage;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Run the whole pipeline in this process, send a sample workload through it and show the results and their cost from PostgreSQL")]
internal sealed class DemoCommand(Terminal terminal, CliEnvironment environment, TimeProvider time, IBrokerClients clients)
    : AsyncCommand<DemoSettings>
{
    /// <summary>Longest wait for one wave's results.</summary>
    private static readonly TimeSpan s_waveTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for the sinks to write what the pipeline produced.</summary>
    private static readonly TimeSpan s_sinkTimeout = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    // Without a connection string the local server is started; the schema is always the option or a new one.
    public override ValidationResult Validate(CommandContext context, DemoSettings settings)
    {
        if (StackKeyMaterial.Resolve(environment, out var keyError) is null)
        {
            return ValidationResult.Error(keyError!);
        }

        return PostgresConnection.ValidateConnectionVariable(settings.Pg, environment, required: false);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var connectionString = settings.Pg
            ?? environment.Get(CliEnvironment.PostgresConnectionString)
            ?? await LocalPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        var postgres = new PostgresConnection(connectionString, settings.Schema ?? NewSchemaName(time.GetUtcNow()));
        var startedAt = time.GetUtcNow();

        await WriteLineAsync("LlmBroker demo: the whole pipeline in this process, on the embedded defaults").ConfigureAwait(false);
        // The fake provider answers after 20-60 ms, a little like a fast model.
        // Authentication is on, as deployed: each demo app gets a fresh key (valid a day) and signs its requests.
        var keyMaterial = StackKeyMaterial.Resolve(environment, out _)!;
        var stack = await EmbeddedStack.StartAsync(
            new EmbeddedStackOptions
            {
                Postgres = postgres,
                FakeLatency = TimeSpan.FromMilliseconds(40),
                FakeLatencyJitter = TimeSpan.FromMilliseconds(20),
                Authentication = new StackAuthentication
                {
                    KeyMaterial = keyMaterial,
                    Tenant = DemoWorkload.Tenant,
                    Apps = DemoWorkload.Apps.Select(a => a.Name).ToList(),
                    KeyLifetime = TimeSpan.FromDays(1),
                },
                Time = time,
            },
            cancellationToken).ConfigureAwait(false);
        List<PromptRequest> requests;
        List<Result> results;
        bool ledgerComplete;
        try
        {
            await WriteLineAsync($"""
                  kafka     {stack.BootstrapServers}  (in-process mock cluster, {stack.Topics.Count} pipeline topics)
                  postgres  {postgres.Describe()}, schema {postgres.Schema} ({Migrations.Plural(stack.AppliedMigrations.Count, "migration")} applied)
                  provider  {stack.ProviderEndpoint}  (fake OpenAI-compatible provider, models {string.Join(", ", stack.Models)})
                  stages    {string.Join(", ", EmbeddedStack.StageNames)}
                """).ConfigureAwait(false);

            await using var dataSource = PostgresDataSources.Create(postgres.ConnectionString, postgres.Schema);
            var workload = DemoWorkload.Create(settings.Requests, time.GetUtcNow());
            var outcomes = await RunWavesAsync(stack, workload, dataSource, cancellationToken).ConfigureAwait(false);
            requests = outcomes.Select(o => o.Request).ToList();
            results = outcomes.Where(o => o.Result is not null).Select(o => o.Result!).ToList();
            await WriteLineAsync("\nSample results").ConfigureAwait(false);
            terminal.Console.Write(DemoReport.SampleTable(DemoReport.Samples(outcomes)));

            ledgerComplete = await ReportSinksAsync(dataSource, requests, results, cancellationToken).ConfigureAwait(false);
            var costs = await new CostQueries(dataSource)
                .CostByAppAndModelAsync(startedAt.AddHours(-1), time.GetUtcNow().AddHours(1), tenant: null, cancellationToken).ConfigureAwait(false);
            await WriteLineAsync($"\nCost by app and model (PostgreSQL, {postgres.Schema}.cost_hourly)").ConfigureAwait(false);
            terminal.Console.Write(CostReportWriter.Table(new CostReport(startedAt, time.GetUtcNow(), null, costs)));
        }
        finally
        {
            // Stopped before the summary, so nothing a stage logs on its way out follows the last line.
            await stack.DisposeAsync().ConfigureAwait(false);
        }

        await WriteLineAsync($"""

            Explore this run:
              llmbroker costs --pg "{postgres.WithoutPassword()}" --schema {postgres.Schema} --since 1h
              psql "{postgres.PsqlConnectionInfo()}" -c "SELECT * FROM {postgres.Schema}.cost_daily_by_tag"
            Finished in {time.GetElapsedTime(started).TotalSeconds:0.0}s.
            """).ConfigureAwait(false);
        await WriteLineAsync(DemoReport.AuthLine(stack.Keys, keyMaterial.IsDevelopmentDefault, results)).ConfigureAwait(false);
        await WriteLineAsync(DemoReport.FinalLine(requests.Count, results)).ConfigureAwait(false);
        return results.Count == requests.Count && ledgerComplete ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>
    /// Sends the first wave, waits until the cache writer has stored its answers (a repeat hits the
    /// cache only then), sends the second; returns every request with its result (null if none came).
    /// </summary>
    private async Task<List<(PromptRequest Request, Result? Result)>> RunWavesAsync(
        EmbeddedStack stack, DemoWorkload workload, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        // One client per app, each signing with its app's key: the redactor accepts a key only for its own app.
        var clientFor = (string app) => new LlmBrokerClientOptions
        {
            BootstrapServers = stack.BootstrapServers,
            Tenant = DemoWorkload.Tenant,
            App = app,
            KeyId = stack.Keys.GetValueOrDefault(app)?.KeyId,
            ApiKey = stack.Keys.GetValueOrDefault(app)?.ApiKey,
        };
        await WriteLineAsync(
            $"\nWave 1: {workload.FirstWave.Count} requests from {DemoWorkload.Apps.Count} apps ({string.Join(", ", DemoWorkload.Apps.Select(a => a.Name))}) " +
            "on the interactive and batch lanes; one has a deadline that already passed").ConfigureAwait(false);
        var first = await SubmitWaveAsync(clientFor, workload.FirstWave, cancellationToken).ConfigureAwait(false);

        var answered = first.Results.Count(r => r?.Status == ResultStatus.Ok);
        if (!await WaitUntilAsync(async ct => await CountAsync(dataSource, "response_cache", ct).ConfigureAwait(false) >= answered, cancellationToken).ConfigureAwait(false))
        {
            await terminal.Error.WriteLineAsync("warning: the cache writer had not stored every wave-1 answer in time; wave 2 may call the provider").ConfigureAwait(false);
        }

        await WriteLineAsync($"\nWave 2: {workload.SecondWave.Count} requests repeating wave-1 prompts, for the exact-match cache").ConfigureAwait(false);
        var second = await SubmitWaveAsync(clientFor, workload.SecondWave, cancellationToken).ConfigureAwait(false);
        return workload.FirstWave.Concat(workload.SecondWave).Zip(first.Results.Concat(second.Results)).ToList();
    }

    /// <summary>
    /// Waits until the usage ledger and the audit log hold the outcome of every demo request (other
    /// producers may share the stack), then shows what the sinks wrote; false when the wait timed out.
    /// </summary>
    private async Task<bool> ReportSinksAsync(NpgsqlDataSource dataSource, IReadOnlyList<PromptRequest> demoRequests, List<Result> results, CancellationToken cancellationToken)
    {
        var requests = demoRequests.Count;
        var ids = demoRequests.Select(r => r.RequestId).ToArray();
        var complete = await WaitUntilAsync(
            async ct => await CountOfAsync(dataSource, "usage_ledger", ids, ct).ConfigureAwait(false) >= requests
                && await CountOfAsync(dataSource, "audit_log", ids, ct).ConfigureAwait(false) >= requests,
            cancellationToken).ConfigureAwait(false);
        var ledger = await CountAsync(dataSource, "usage_ledger", cancellationToken).ConfigureAwait(false);
        var audit = await CountAsync(dataSource, "audit_log", cancellationToken).ConfigureAwait(false);
        var cache = await CountAsync(dataSource, "response_cache", cancellationToken).ConfigureAwait(false);
        await WriteLineAsync(
            $"\nSinks: usage_ledger {ledger} rows, audit_log {audit} rows, response_cache {cache} entries ({results.Count(r => r.CacheHit)} cache hits)").ConfigureAwait(false);
        if (!complete)
        {
            await terminal.Error.WriteLineAsync(
                $"error: after {Durations.Format(s_sinkTimeout)} the usage ledger holds {ledger} of {requests} outcomes").ConfigureAwait(false);
        }

        return complete;
    }

    /// <summary><c>demo_20261126_093012_1a2b</c>: the time says which run it is, the suffix keeps two runs in one second apart.</summary>
    private static string NewSchemaName(DateTimeOffset now) =>
        $"demo_{now.UtcDateTime:yyyyMMdd_HHmmss}_{Guid.NewGuid().ToString("N")[..4]}";

    /// <summary>Submits a wave with a progress display and says how it went: <c>45 results in 0.8s: 44 ok (0 from the cache), 1 expired</c>.</summary>
    private async Task<BatchSubmission> SubmitWaveAsync(
        Func<string, LlmBrokerClientOptions> clientFor, IReadOnlyList<PromptRequest> requests, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var submission = await SubmitProgressDisplay.RunAsync(
            terminal,
            requests.Count,
            progress => SubmitByAppAsync(clientFor, requests, progress, cancellationToken)).ConfigureAwait(false);
        var results = submission.Results.Where(r => r is not null).Select(r => r!).ToList();
        var statuses = results.Where(r => r.Status != ResultStatus.Ok).GroupBy(r => r.Status.ToString().ToLowerInvariant()).Select(g => $", {g.Count()} {g.Key}");
        var missing = requests.Count - results.Count;
        await WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"{results.Count} results in {time.GetElapsedTime(started).TotalSeconds:0.0}s: {results.Count(r => r.Status == ResultStatus.Ok)} ok " +
            $"({results.Count(r => r.CacheHit)} from the cache){string.Concat(statuses)}{(missing > 0 ? $", {missing} missing" : "")}")).ConfigureAwait(false);
        return submission;
    }

    /// <summary>Submits each app's requests with that app's client, all at once; the results come back in request order.</summary>
    private async Task<BatchSubmission> SubmitByAppAsync(
        Func<string, LlmBrokerClientOptions> clientFor, IReadOnlyList<PromptRequest> requests, IProgress<SubmitProgress> progress, CancellationToken cancellationToken)
    {
        var groups = requests.Select((request, index) => (Request: request, Index: index)).GroupBy(r => r.Request.App, StringComparer.Ordinal).ToList();
        var combined = new CombinedProgress(progress, groups.Count, requests.Count);
        var submissions = await Task.WhenAll(groups.Select((group, n) => clients.SubmitBatchAsync(
            clientFor(group.Key), group.Select(r => r.Request).ToList(), s_waveTimeout, combined.Part(n), cancellationToken))).ConfigureAwait(false);
        var results = new Result?[requests.Count];
        foreach (var (group, submission) in groups.Zip(submissions))
        {
            foreach (var (entry, result) in group.Zip(submission.Results))
            {
                results[entry.Index] = result;
            }
        }

        return new BatchSubmission(results, submissions.Any(s => s.TimedOut), submissions.Sum(s => s.CompletedBeforeTimeout));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <see cref="s_sinkTimeout"/> passes (false).</summary>
    private async Task<bool> WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(s_sinkTimeout.TotalSeconds * time.TimestampFrequency);
        while (!await condition(cancellationToken).ConfigureAwait(false))
        {
            if (time.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(s_pollInterval, time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string table, CancellationToken cancellationToken)
    {
        // table is always a literal name from this class, never input.
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<long> CountOfAsync(NpgsqlDataSource dataSource, string table, string[] requestIds, CancellationToken cancellationToken)
    {
        // table is always a literal name from this class, never input.
        await using var command = dataSource.CreateCommand($"SELECT count(DISTINCT request_id) FROM {table} WHERE request_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", requestIds);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task WriteLineAsync(string text)
    {
        await terminal.Output.WriteLineAsync(text).ConfigureAwait(false);
        await terminal.Output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Adds up the progress of several submissions running at once into one.</summary>
    private sealed class CombinedProgress(IProgress<SubmitProgress> target, int parts, int total)
    {
        private readonly Lock _lock = new();
        private readonly SubmitProgress[] _latest = new SubmitProgress[parts];

        public IProgress<SubmitProgress> Part(int index) => new Progress(this, index);

        private void Report(int index, SubmitProgress value)
        {
            SubmitProgress sum;
            lock (_lock)
            {
                // Reports may arrive out of order: keep the furthest of each part.
                var latest = _latest[index];
                _latest[index] = new SubmitProgress(Math.Max(latest.Submitted, value.Submitted), Math.Max(latest.Completed, value.Completed), value.Total);
                sum = new SubmitProgress(_latest.Sum(p => p.Submitted), _latest.Sum(p => p.Completed), total);
            }

            target.Report(sum);
        }

        private sealed class Progress(CombinedProgress owner, int index) : IProgress<SubmitProgress>
        {
            public void Report(SubmitProgress value) => owner.Report(index, value);
        }
    }
}
