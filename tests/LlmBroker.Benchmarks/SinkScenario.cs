using System.Diagnostics;
using Confluent.Kafka;
using Google.Protobuf;
using LlmBroker.Messaging;
using Microsoft.Extensions.Hosting;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Storage;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace LlmBroker.Benchmarks;

/// <summary>
/// One PostgreSQL sink draining outcomes pre-loaded into Kafka: <c>audit-sink</c> (hash-chained
/// audit_log rows) or <c>cost-rollup</c> (usage_ledger plus the hourly rollups). Throughput is
/// sustained: outcomes stored between the first and the last committed batch, per second.
/// </summary>
internal static class SinkScenario
{
    public static async Task<BenchmarkResult> RunAsync(string scenario, string postgres, int count, int instances = 1)
    {
        var stage = scenario switch
        {
            "audit-sink" => PipelineStages.AuditWriter,
            "cost-rollup" => PipelineStages.CostRollup,
            _ => throw new ArgumentException($"unknown sink scenario '{scenario}'"),
        };
        var table = stage == PipelineStages.AuditWriter ? "audit_log" : "usage_ledger";
        var group = stage == PipelineStages.AuditWriter ? "llmbroker-audit-writer" : "llmbroker-cost-rollup";

        using var sampler = AllocationSampler.StartIfAsked();
        await using var cluster = await ExternalKafka.StartAsync();
        var topic = new TopicNames().Outcomes;
        Preload(cluster.BootstrapServers, topic, count);

        var schema = $"bench_{scenario.Replace('-', '_')}_{DateTime.UtcNow:yyyyMMddHHmmss}";
        DatabaseMigrator.Migrate(postgres, schema);
        await using var data = PostgresDataSources.Create(postgres, schema);
        var settings = new PipelineSettings
            {
                BootstrapServers = cluster.BootstrapServers,
                PostgresConnectionString = postgres + ";Application Name=" + ProcessCpu.SinkApplicationName,
                PostgresSchema = schema,
                // Not called: only the sink runs.
                ProviderEndpoint = new Uri("http://127.0.0.1:9/v1"),
                Configuration =
                {
                    ["Kafka:SessionTimeoutMs"] = "3000",
                    ["Kafka:FetchWaitMaxMs"] = "10",
                },
            };

        // BENCH_SINK_WRITE_LANES: batches each instance writes at once (the stage's WriteLanes;
        // default 2 for both sinks).
        var lanes = Environment.GetEnvironmentVariable("BENCH_SINK_WRITE_LANES");
        if (!string.IsNullOrEmpty(lanes))
        {
            settings.Configuration[$"Stages:{(stage == PipelineStages.AuditWriter ? "audit-writer" : "cost-rollup")}:WriteLanes"] = lanes;
        }

        // BENCH_SINK_BATCH_SIZE: most outcomes in one batch (the stage's MaxBatchSize).
        var batchSize = Environment.GetEnvironmentVariable("BENCH_SINK_BATCH_SIZE");
        if (!string.IsNullOrEmpty(batchSize))
        {
            settings.Configuration[$"Stages:{(stage == PipelineStages.AuditWriter ? "audit-writer" : "cost-rollup")}:MaxBatchSize"] = batchSize;
        }

        // Several instances of the sink share the partitions, as the deployable scales out.
        var hosts = Enumerable.Range(0, instances).Select(_ => PipelineHost.Build(settings, stage)).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(hosts.Select(h => h.StartAsync()));
        TimeSpan? first = null;
        long stored = 0, storedAtFirst = 0;
        var cpu = new ProcessCpu(cluster.ProcessId, data);
        CostMeter? meter = null;
        var progressAt = clock.Elapsed;
        while (stored < count && clock.Elapsed - progressAt < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20);
            await using var positions = data.CreateCommand("SELECT coalesce(sum(next_offset), 0)::bigint FROM consumer_offsets WHERE consumer_group = @group");
            positions.Parameters.AddWithValue("group", group);
            var now = (long)(await positions.ExecuteScalarAsync())!;
            if (now != stored)
            {
                if (first is null)
                {
                    (first, storedAtFirst) = (clock.Elapsed, now);
                    await cpu.StartAsync();
                    meter = new CostMeter();
                    sampler?.Record();
                }

                (stored, progressAt) = (now, clock.Elapsed);
            }
        }

        var last = clock.Elapsed;
        sampler?.Print((int)(stored - storedAtFirst));
        var cpuExtra = new Dictionary<string, double>();
        await cpu.AddToAsync(cpuExtra, stored - storedAtFirst);
        meter?.Report((int)(stored - storedAtFirst), Math.Max((last - (first ?? last)).TotalSeconds, 0.001), cpuExtra);
        cpuExtra.Remove("cpu_us_per_request");
        await Task.WhenAll(hosts.Select(h => h.StopAsync()));
        foreach (var host in hosts)
        {
            host.Dispose();
        }

        long rows, distinct;
        await using (var command = data.CreateCommand($"SELECT count(*), count(DISTINCT request_id) FROM {table}"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (rows, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        var intact = 1.0;
        if (stage == PipelineStages.AuditWriter)
        {
            intact = (await AuditChainVerifier.VerifyAsync(data, default)).Intact ? 1 : 0;
        }

        await using (var drop = data.CreateCommand($"DROP SCHEMA {schema} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        // The first batch's time includes joining the group; measure from its commit to the last, and
        // count the rows stored after it (the first commit seen may hold more than one batch).
        var firstBatch = first ?? last;
        var sustainedSeconds = Math.Max((last - firstBatch).TotalSeconds, 0.001);
        var result = new BenchmarkResult
        {
            Scenario = scenario,
            Requests = count,
            ThroughputRps = Math.Round(Math.Max(distinct - storedAtFirst, 0) / sustainedSeconds),
            P50Ms = 0,
            P99Ms = 0,
            P999Ms = 0,
            PeakRssMb = Measure.PeakRssMb(),
            Lost = (int)(count - distinct),
            Duplicated = (int)(rows - distinct),
            Extra =
            {
                ["total_seconds_incl_group_join"] = Math.Round(last.TotalSeconds, 2),
                ["sustained_seconds"] = Math.Round(sustainedSeconds, 2),
                ["chain_intact"] = intact,
                ["instances"] = instances,
                ["write_lanes"] = int.Parse(lanes is { Length: > 0 } ? lanes : "2", System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        foreach (var (key, value) in cpuExtra)
        {
            result.Extra[key] = value;
        }

        return result;
    }

    private static void Preload(string bootstrapServers, string topic, int count)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            LingerMs = 20,
            CompressionType = CompressionType.Lz4,
            EnableIdempotence = true,
            QueueBufferingMaxMessages = 1_000_000,
        }).Build();
        for (var i = 0; i < count; i++)
        {
            var outcome = Outcome(i);
            producer.Produce(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(outcome.RequestId), Value = outcome.ToByteArray() });
        }

        producer.Flush(TimeSpan.FromMinutes(2));
    }

    private static Outcome Outcome(int i)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-(i % 600));
        var outcome = new Outcome
        {
            RequestId = Guid.CreateVersion7().ToString(),
            Tenant = "bench",
            App = "app-" + (i % 8),
            Model = i % 3 == 0 ? "claude-sonnet-4-5" : "gpt-4o-mini",
            Provider = i % 3 == 0 ? "anthropic" : "openai",
            Deployment = "dep-" + (i % 3),
            Lane = i % 4 == 0 ? Lane.Batch : Lane.Interactive,
            Status = i % 50 == 0 ? ResultStatus.Failed : ResultStatus.Ok,
            Usage = new Usage { InputTokens = 200 + (i % 500), OutputTokens = 50 + (i % 200), CachedInputTokens = i % 5 == 0 ? 128 : 0 },
            CostNanoUsd = 100_000 + i,
            CacheHit = i % 10 == 0,
            FinishReason = "stop",
            PriceVersion = "openai/gpt-4o-mini@2025-11-01T00:00:00Z",
            RedactedOutput = $"Answer {i}: the invoice for <PERSON_1> is due on Friday.",
            Times = new StageTimes
            {
                SubmittedAt = Timestamp.FromDateTimeOffset(at),
                ProviderStartedAt = Timestamp.FromDateTimeOffset(at.AddMilliseconds(15)),
                ProviderCompletedAt = Timestamp.FromDateTimeOffset(at.AddMilliseconds(815)),
                ValidatedAt = Timestamp.FromDateTimeOffset(at.AddMilliseconds(830)),
            },
        };
        outcome.Tags.Add("team", i % 2 == 0 ? "core" : "growth");
        outcome.Tags.Add("env", "bench");
        outcome.RedactedMessages.Add(new ChatMessage { Role = Role.User, Content = $"Question {i} from <EMAIL_1>: when is my invoice due?" });
        outcome.Attempts.Add(new Attempt { Deployment = outcome.Deployment, Provider = outcome.Provider, StatusCode = 200, LatencyMs = 800 });
        return outcome;
    }
}
