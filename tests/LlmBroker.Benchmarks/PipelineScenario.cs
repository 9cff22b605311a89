using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using LlmBroker.Client;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Messaging;
using LlmBroker.Storage;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LlmBroker.Benchmarks;

/// <summary>
/// The pipeline in one process on the mock cluster with the fake provider. Either every stage and
/// every sink, with requests submitted through the client library and results read from the results
/// topic; or the router alone, with redacted requests published to its input topic and provider
/// responses read from its output topic.
/// </summary>
internal static class PipelineScenario
{
    /// <summary>Requests sent (and awaited) before measuring, so the JIT has tiered up.</summary>
    private static readonly int Warmup = int.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP") ?? "2000", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<BenchmarkResult> RunAsync(string scenario, string postgres, int count, TimeSpan providerLatency, int routerInFlight, int promptBytes, bool routerOnly = false, double failShare = 0, int deployments = 1, bool failAtOnce = false)
    {
        await using var cluster = await ExternalKafka.StartAsync();
        await using var provider = await ExternalFakeProvider.StartAsync(providerLatency);
        if (failShare > 0)
        {
            await provider.FailShareAsync(failShare, failAtOnce);
        }

        var schema = $"bench_{scenario.Replace('-', '_')}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        DatabaseMigrator.Migrate(postgres, schema);
        var settings = new PipelineSettings
            {
                BootstrapServers = cluster.BootstrapServers,
                PostgresConnectionString = postgres,
                PostgresSchema = schema,
                ProviderEndpoint = provider.OpenAIEndpoint,
                Configuration =
                {
                    ["Kafka:SessionTimeoutMs"] = "3000",
                    ["Kafka:FetchWaitMaxMs"] = "10",
                    ["Authentication:Mode"] = "Disabled",
                    ["Stages:router:MaxInFlight"] = routerInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Routing:MaxCallsInFlight"] = routerInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Routing:AttemptTimeout"] = "00:01:00",
                    ["Routing:Models:0:Deployments:0:MaxConnections"] = (routerInFlight + 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Routing:RetryBaseDelay"] = "00:00:00.200",
                },
            };
        foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_KAFKA_PROPERTIES") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            settings.Configuration[$"Kafka:Properties:{name}"] = value;
        }

        for (var d = 1; d < deployments; d++)
        {
            // More deployments of the alias on the same fake provider, told apart by model name.
            var prefix = $"Routing:Models:0:Deployments:{d}:";
            settings.Configuration[prefix + "Name"] = $"replica-{d}";
            settings.Configuration[prefix + "Provider"] = "openai";
            settings.Configuration[prefix + "Model"] = $"gpt-4o-mini-{d}";
            settings.Configuration[prefix + "Endpoint"] = provider.OpenAIEndpoint.ToString();
            settings.Configuration[prefix + "MaxConnections"] = (routerInFlight + 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings.Configuration[prefix + "InputPricePerMillion"] = "0.15";
            settings.Configuration[prefix + "OutputPricePerMillion"] = "0.60";
        }

        using var host = PipelineHost.Build(settings, routerOnly ? PipelineStages.Router : PipelineStages.All);
        await host.StartAsync();
        await using var client = new LlmBrokerClient(new LlmBrokerClientOptions { BootstrapServers = cluster.BootstrapServers, Tenant = "bench", App = scenario });
        var topics = new TopicNames();
        using var publisher = (IDisposable)MessagingClients.CreatePublisher(new KafkaOptions { BootstrapServers = cluster.BootstrapServers });
        using var results = routerOnly
            ? ArrivalRecorder.Responses(cluster.BootstrapServers, topics.Responses)
            : ArrivalRecorder.Results(cluster.BootstrapServers, topics.Results);

        // The router alone is fed redacted requests as the redactor would publish them.
        Task SubmitAsync(IEnumerable<PromptRequest> batch) => routerOnly
            ? Task.WhenAll(batch.Select(request =>
            {
                request.Tenant = "bench";
                request.App = scenario;
                request.Times = new StageTimes { SubmittedAt = StageClock.Now(TimeProvider.System) };
                return ((IMessagePublisher)publisher).PublishAsync(topics.Redacted, request.RequestId, new RedactedRequest { Request = request });
            }))
            : client.SubmitManyAsync(batch);

        // Warm up: consumer groups join, JIT compiles, connections open.
        var warmup = Requests(Ids(Warmup), promptBytes, "warmup");
        results.Track(warmup.Select(r => r.RequestId).ToHashSet());
        await SubmitAsync(warmup);
        await results.WaitAsync(TimeSpan.FromMinutes(2));

        // Only the ids are held: each batch of requests is built when it is submitted, so the
        // harness's own copies of tens of thousands of prompts are not charged to the measured heap.
        var ids = Ids(count);
        results.Track(ids.ToHashSet());
        var clock = Stopwatch.StartNew();
        var cost = new CostMeter();
        using var sampler = AllocationSampler.StartIfAsked();
        sampler?.Record();

        // Sustained load: at most `window` requests outstanding, as a producer with a bounded backlog
        // would do (the mock cluster keeps only ~5 MiB per partition, so an unbounded burst of tens of
        // thousands of requests would overrun it).
        var window = Math.Max(4000, routerInFlight * 2);
        var progressAt = clock.Elapsed;
        var progressCount = 0;
        for (var next = 0; next < ids.Length; next += 1000)
        {
            while (next - results.Count > window && clock.Elapsed - progressAt < TimeSpan.FromMinutes(1))
            {
                if (results.Count != progressCount)
                {
                    (progressAt, progressCount) = (clock.Elapsed, results.Count);
                }

                await Task.Delay(5);
            }

            if (next - results.Count > window)
            {
                Console.Error.WriteLine($"no result for a minute with {next - results.Count} outstanding; submitting the rest anyway");
            }

            await SubmitAsync(Requests(ids.AsSpan(next, Math.Min(1000, ids.Length - next)).ToArray(), promptBytes, "run", next));
        }

        var submitSeconds = clock.Elapsed.TotalSeconds;
        var done = await results.WaitAsync(TimeSpan.FromMinutes(2));
        var elapsed = clock.Elapsed.TotalSeconds;
        var costs = new Dictionary<string, double>();
        cost.Report(done, elapsed, costs);
        sampler?.Print(done);
        if (Environment.GetEnvironmentVariable("BENCH_SHAPE") == "1")
        {
            Console.Error.WriteLine($"arrivals per second: {results.ArrivalsPerSecond()}");
        }
        var providerMaxInFlight = await provider.MaxInFlightAsync();

        // Sinks: wait until every outcome (warm-up included) is in the ledger and the audit log.
        await using var data = PostgresDataSources.Create(postgres, schema);
        var sinkClock = Stopwatch.StartNew();
        var expectedRows = count + Warmup;
        long ledger = 0, audit = 0;
        while (!routerOnly && sinkClock.Elapsed < TimeSpan.FromMinutes(2))
        {
            ledger = await Scalar(data, "SELECT count(*) FROM usage_ledger");
            audit = await Scalar(data, "SELECT count(*) FROM audit_log");
            if (ledger >= expectedRows && audit >= expectedRows)
            {
                break;
            }

            await Task.Delay(50);
        }

        var sinkLagSeconds = sinkClock.Elapsed.TotalSeconds;
        if (done < count && !routerOnly)
        {
            // Where did the missing results stop? An outcome in the ledger means only the result was lost.
            var missing = results.Missing();
            await using var inLedger = data.CreateCommand("SELECT count(*) FROM usage_ledger WHERE request_id = ANY(@ids)");
            inLedger.Parameters.AddWithValue("ids", missing.ToArray());
            Console.Error.WriteLine($"missing {missing.Count} results, {(long)(await inLedger.ExecuteScalarAsync())!} of them in the ledger; first: {string.Join(',', missing.Take(3))}");
        }

        await host.StopAsync();
        await using (var drop = data.CreateCommand($"DROP SCHEMA {schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        var latencies = results.BrokerLatencies(subtractProvider: true);
        latencies.Sort();
        var totals = results.BrokerLatencies(subtractProvider: false);
        totals.Sort();
        var result = new BenchmarkResult
        {
            Scenario = scenario,
            Requests = count,
            ThroughputRps = Math.Round(done / elapsed),
            P50Ms = Measure.Percentile(latencies, 0.50),
            P99Ms = Measure.Percentile(latencies, 0.99),
            P999Ms = Measure.Percentile(latencies, 0.999),
            PeakRssMb = Measure.PeakRssMb(),
            Lost = count - done,
            Duplicated = results.Duplicates,
            Extra =
            {
                ["submit_s"] = Math.Round(submitSeconds, 2),
                // Requests answered with an error (every deployment failed, a circuit stayed open...).
                ["failed_results"] = results.Failed,
                ["sustained_rps"] = results.SustainedRate(),
                ["provider_max_in_flight"] = providerMaxInFlight,
                ["provider_latency_ms"] = providerLatency.TotalMilliseconds,
                ["prompt_bytes"] = promptBytes,
                ["end_to_end_p50_ms"] = Measure.Percentile(totals, 0.50),
                ["end_to_end_p99_ms"] = Measure.Percentile(totals, 0.99),
            },
        };
        foreach (var (name, value) in costs)
        {
            result.Extra[name] = value;
        }

        if (!routerOnly)
        {
            result.Extra["ledger_rows"] = ledger;
            result.Extra["audit_rows"] = audit;
            result.Extra["sink_catch_up_s"] = Math.Round(sinkLagSeconds, 2);
        }

        foreach (var (hop, median) in results.HopMedians().Where(h => !routerOnly || h.Key is "hop_redacted_to_router_ms" or "hop_router_to_provider_ms" or "hop_provider_ms"))
        {
            result.Extra[hop] = median;
        }

        return result;
    }

    private static async Task<long> Scalar(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string[] Ids(int count) => Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7().ToString()).ToArray();

    private static PromptRequest[] Requests(string[] ids, int promptBytes, string tag, int first = 0)
    {
        const string Sentence = "Summarise the quarterly report for the board, focusing on revenue and risks. ";
        var filler = string.Concat(Enumerable.Repeat(Sentence, (promptBytes / Sentence.Length) + 1))[..promptBytes];
        return ids.Select((id, i) =>
        {
            var request = new PromptRequest { RequestId = id, Model = "gpt-4o-mini", CachePolicy = CachePolicy.NoStore };
            request.Messages.Add(new ChatMessage { Role = Role.System, Content = "You are a concise analyst." });
            request.Messages.Add(new ChatMessage { Role = Role.User, Content = $"{first + i}: {filler}" });
            request.Tags["phase"] = tag;
            return request;
        }).ToArray();
    }
}
