using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Messaging;
using LlmBroker.Storage;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LlmBroker.Benchmarks;

/// <summary>
/// The whole pipeline in one process on the mock cluster with the fake provider: every stage and
/// every sink, requests submitted through the client library, results read from the results topic.
/// </summary>
internal static class PipelineScenario
{
    /// <summary>Requests sent (and awaited) before measuring, so the JIT has tiered up.</summary>
    private static readonly int Warmup = int.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP") ?? "2000", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<BenchmarkResult> RunAsync(string scenario, string postgres, int count, TimeSpan providerLatency, int routerInFlight, int promptBytes)
    {
        await using var cluster = await ExternalKafka.StartAsync();
        await using var provider = await ExternalFakeProvider.StartAsync(providerLatency);
        var schema = $"bench_{scenario.Replace('-', '_')}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        DatabaseMigrator.Migrate(postgres, schema);
        using var host = PipelineHost.Build(
            new PipelineSettings
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
                    ["Routing:AttemptTimeout"] = "00:01:00",
                    ["Routing:Models:0:Deployments:0:MaxConnections"] = (routerInFlight + 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            });
        await host.StartAsync();
        await using var client = new LlmBrokerClient(new LlmBrokerClientOptions { BootstrapServers = cluster.BootstrapServers, Tenant = "bench", App = scenario });
        using var results = new ResultRecorder(cluster.BootstrapServers, new TopicNames().Results);

        // Warm up: consumer groups join, JIT compiles, connections open.
        await client.SubmitBatchAsync(Requests(Warmup, promptBytes, "warmup"), TimeSpan.FromMinutes(2));

        var requests = Requests(count, promptBytes, "run");
        var ids = requests.Select(r => r.RequestId = Guid.CreateVersion7().ToString()).ToHashSet();
        results.Track(ids);
        var clock = Stopwatch.StartNew();

        // Sustained load: at most `window` requests outstanding, as a producer with a bounded backlog
        // would do (the mock cluster keeps only ~5 MiB per partition, so an unbounded burst of tens of
        // thousands of requests would overrun it).
        var window = Math.Max(4000, routerInFlight * 2);
        var progressAt = clock.Elapsed;
        var progressCount = 0;
        for (var next = 0; next < requests.Length; next += 1000)
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

            await client.SubmitManyAsync(requests.Skip(next).Take(1000));
        }

        var submitSeconds = clock.Elapsed.TotalSeconds;
        var done = await results.WaitAsync(TimeSpan.FromMinutes(2));
        var elapsed = clock.Elapsed.TotalSeconds;
        var providerMaxInFlight = await provider.MaxInFlightAsync();

        // Sinks: wait until every outcome (warm-up included) is in the ledger and the audit log.
        await using var data = PostgresDataSources.Create(postgres, schema);
        var sinkClock = Stopwatch.StartNew();
        var expectedRows = count + Warmup;
        long ledger = 0, audit = 0;
        while (sinkClock.Elapsed < TimeSpan.FromMinutes(2))
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
        if (done < count)
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
                ["provider_max_in_flight"] = providerMaxInFlight,
                ["provider_latency_ms"] = providerLatency.TotalMilliseconds,
                ["ledger_rows"] = ledger,
                ["audit_rows"] = audit,
                ["sink_catch_up_s"] = Math.Round(sinkLagSeconds, 2),
                ["prompt_bytes"] = promptBytes,
                ["end_to_end_p50_ms"] = Measure.Percentile(totals, 0.50),
                ["end_to_end_p99_ms"] = Measure.Percentile(totals, 0.99),
            },
        };
        foreach (var (hop, median) in results.HopMedians())
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

    private static PromptRequest[] Requests(int count, int promptBytes, string tag)
    {
        var filler = string.Concat(Enumerable.Repeat("Summarise the quarterly report for the board, focusing on revenue and risks. ", (promptBytes / 78) + 1))[..promptBytes];
        return Enumerable.Range(0, count).Select(i =>
        {
            var request = new PromptRequest { Model = "gpt-4o-mini", CachePolicy = CachePolicy.NoStore };
            request.Messages.Add(new ChatMessage { Role = Role.System, Content = "You are a concise analyst." });
            request.Messages.Add(new ChatMessage { Role = Role.User, Content = $"{i}: {filler}" });
            request.Tags["phase"] = tag;
            return request;
        }).ToArray();
    }

    /// <summary>Reads the results topic from its end and records when each tracked result arrives.</summary>
    private sealed class ResultRecorder : IDisposable
    {
        // Only the stage times are kept per result: holding whole results would charge the harness's
        // memory to the pipeline.
        private readonly ConcurrentDictionary<string, (StageTimes Times, DateTimeOffset At)> _seen = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly IConsumer<byte[], byte[]> _consumer;
        private readonly Thread _thread;
        private HashSet<string> _tracked = [];
        private int _duplicates;

        public ResultRecorder(string bootstrap, string topic)
        {
            _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-results", FetchWaitMaxMs = 10 }).Build();
            _consumer.Assign(Enumerable.Range(0, 6).Select(p =>
            {
                var partition = new TopicPartition(topic, p);
                return new TopicPartitionOffset(partition, _consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High);
            }));
            _thread = new Thread(Run) { IsBackground = true };
            _thread.Start();
        }

        public int Duplicates => Volatile.Read(ref _duplicates);

        public int Count => _seen.Count;

        public List<string> Missing() => _tracked.Where(id => !_seen.ContainsKey(id)).ToList();

        public void Track(HashSet<string> ids) => Volatile.Write(ref _tracked, ids);

        public async Task<int> WaitAsync(TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (_seen.Count < _tracked.Count && clock.Elapsed < timeout)
            {
                await Task.Delay(20);
            }

            return _seen.Count;
        }

        /// <summary>Median time of each hop, from the stage timestamps every result carries.</summary>
        public Dictionary<string, double> HopMedians()
        {
            static double Ms(Google.Protobuf.WellKnownTypes.Timestamp? from, Google.Protobuf.WellKnownTypes.Timestamp? to) =>
                from is null || to is null ? 0 : (to.ToDateTimeOffset() - from.ToDateTimeOffset()).TotalMilliseconds;
            var hops = new Dictionary<string, Func<StageTimes, double>>
            {
                ["hop_submit_to_redactor_ms"] = t => Ms(t.SubmittedAt, t.RedactorReceivedAt),
                ["hop_redactor_ms"] = t => Ms(t.RedactorReceivedAt, t.RedactedAt),
                ["hop_redacted_to_router_ms"] = t => Ms(t.RedactedAt, t.RouterReceivedAt),
                ["hop_router_to_provider_ms"] = t => Ms(t.RouterReceivedAt, t.ProviderStartedAt),
                ["hop_provider_ms"] = t => Ms(t.ProviderStartedAt, t.ProviderCompletedAt),
                ["hop_routed_to_validator_ms"] = t => Ms(t.RoutedAt, t.ValidatorReceivedAt),
            };
            return hops.ToDictionary(h => h.Key, h =>
            {
                var values = _seen.Values.Select(v => h.Value(v.Times)).ToList();
                values.Sort();
                return Measure.Percentile(values, 0.5);
            });
        }

        /// <summary>End-to-end latency per result, minus the provider's time when asked.</summary>
        public List<double> BrokerLatencies(bool subtractProvider) => _seen.Values.Select(v =>
        {
            var times = v.Times;
            var total = (v.At - times.SubmittedAt.ToDateTimeOffset()).TotalMilliseconds;
            if (subtractProvider && times.ProviderStartedAt is not null && times.ProviderCompletedAt is not null)
            {
                total -= (times.ProviderCompletedAt.ToDateTimeOffset() - times.ProviderStartedAt.ToDateTimeOffset()).TotalMilliseconds;
            }

            return total;
        }).ToList();

        private void Run()
        {
            while (!_stop.IsCancellationRequested)
            {
                var consumed = _consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (consumed?.Message is null || !MessagingClients.TryDecode<Result>(consumed.Message, out var result, out _))
                {
                    continue;
                }

                if (!Volatile.Read(ref _tracked).Contains(result!.RequestId))
                {
                    continue;
                }

                if (!_seen.TryAdd(result.RequestId, (result.Times, DateTimeOffset.UtcNow)))
                {
                    Interlocked.Increment(ref _duplicates);
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _consumer.Dispose();
        }
    }
}
