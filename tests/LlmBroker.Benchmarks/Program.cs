using System.Diagnostics;
using System.Globalization;
using System.Text;
using LlmBroker.Benchmarks;

// Runs each scenario in a child process of its own (so peak RSS is per scenario), prints one JSON
// line per scenario, and with --report writes docs/benchmarks.md.
var options = BenchOptions.Parse(args);

// Calls the router keeps in flight in the slow-provider scenarios: the stage default, 5,000 (at 6,500
// the router ran faster, but about one run in ten died out of memory at the 704 MiB heap limit:
// calls live ~1 s, so gen1 fills with finished calls; see findings.md).
var slowInFlight = int.Parse(Environment.GetEnvironmentVariable("BENCH_ROUTER_IN_FLIGHT") ?? "5000", CultureInfo.InvariantCulture);

// Prompt size of the slow-provider scenarios (BENCH_PROMPT_BYTES; ~1 KB by default).
var slowPrompt = int.Parse(Environment.GetEnvironmentVariable("BENCH_PROMPT_BYTES") ?? "1024", CultureInfo.InvariantCulture);
if (options.Scenario is { } single)
{
    var result = single switch
    {
        "kafka-relay" => KafkaRelayScenario.Run(options.Count ?? 20_000, 1200),
        "e2e" => await PipelineScenario.RunAsync("e2e", options.Postgres, options.Count ?? 10_000, TimeSpan.Zero, 2000, 1024),
        "slow-provider" => await PipelineScenario.RunAsync("slow-provider", options.Postgres, options.Count ?? 30_000, TimeSpan.FromSeconds(1), slowInFlight, slowPrompt, routerOnly: true),
        "slow-provider-failover" => await PipelineScenario.RunAsync("slow-provider-failover", options.Postgres, options.Count ?? 30_000, TimeSpan.FromSeconds(1), slowInFlight, slowPrompt, routerOnly: true, failShare: 0.1, deployments: 3),
        "slow-provider-failover-fast-errors" => await PipelineScenario.RunAsync("slow-provider-failover-fast-errors", options.Postgres, options.Count ?? 30_000, TimeSpan.FromSeconds(1), slowInFlight, slowPrompt, routerOnly: true, failShare: 0.1, deployments: 3, failAtOnce: true),
        "slow-provider-e2e" => await PipelineScenario.RunAsync("slow-provider-e2e", options.Postgres, options.Count ?? 30_000, TimeSpan.FromSeconds(1), slowInFlight, slowPrompt),
        "provider-floor" => await ProviderFloorScenario.RunAsync(options.Count ?? 30_000, 6500, TimeSpan.FromSeconds(1)),
        "redaction" => RedactionScenario.Run(options.Count ?? 50_000),
        "routing-decision" => RoutingDecisionScenario.Run(options.Count ?? 1_000_000),
        // Not in the plan below (a micro-benchmark): run with --scenario signature-verify.
        "signature-verify" => SignatureVerifyScenario.Run(options.Count ?? 200_000, 1024),
        "audit-sink" or "cost-rollup" => await SinkScenario.RunAsync(single, options.Postgres, options.Count ?? 60_000, int.Parse(Environment.GetEnvironmentVariable("BENCH_SINK_INSTANCES") ?? "1", System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"unknown scenario '{single}'"),
    };
    Console.WriteLine(result.ToJson());
    return 0;
}

var plan = options.Quick
    ? new[] { ("kafka-relay", 20_000), ("e2e", 20_000), ("slow-provider", 30_000), ("slow-provider-failover", 30_000), ("slow-provider-failover-fast-errors", 30_000), ("slow-provider-e2e", 30_000), ("provider-floor", 30_000), ("redaction", 20_000), ("audit-sink", 60_000), ("cost-rollup", 60_000) }
    : new[] { ("kafka-relay", 20_000), ("e2e", 60_000), ("slow-provider", 60_000), ("slow-provider-failover", 60_000), ("slow-provider-failover-fast-errors", 60_000), ("slow-provider-e2e", 60_000), ("provider-floor", 60_000), ("redaction", 50_000), ("audit-sink", 200_000), ("cost-rollup", 200_000) };
var runs = options.Quick ? 1 : 3;
var all = new List<BenchmarkResult>();
var failures = new List<string>();
for (var run = 0; run < runs; run++)
{
    foreach (var (scenario, count) in plan)
    {
        try
        {
            var result = RunChild(scenario, count, options.Postgres);
            Console.WriteLine(result.ToJson());
            all.Add(result);
        }
        catch (InvalidOperationException e)
        {
            // A run that dies (e.g. out of memory at the heap limit) is reported, not hidden, and the
            // plan goes on.
            Console.Error.WriteLine(e.Message.Length > 2000 ? e.Message[..2000] : e.Message);
            failures.Add($"{scenario} (run {run + 1}): {e.Message.Split('\n').FirstOrDefault(l => l.Contains("Out of memory", StringComparison.Ordinal)) ?? e.Message.Split('\n')[0]}");
        }
    }
}

if (options.Report is { } report)
{
    File.WriteAllText(report, Markdown(all, runs, failures));
    Console.Error.WriteLine($"wrote {report}");
}

return 0;

static BenchmarkResult RunChild(string scenario, int count, string postgres)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(BenchOptions).Assembly.Location);
    }

    foreach (var arg in new[] { "--scenario", scenario, "--count", count.ToString(CultureInfo.InvariantCulture), "--pg", postgres })
    {
        start.ArgumentList.Add(arg);
    }

    // The measured process gets the heap limit the GC would derive in a container limited to about
    // 940 MiB (75% of the limit): without a limit, server GC keeps gigabytes of slack on a 24 GiB host.
    // The scenarios that run every stage in one process (seven workers that deploy as seven
    // containers) get 1 GiB.
    start.Environment["DOTNET_GCHeapHardLimit"] = scenario is "e2e" or "slow-provider-e2e" ? "0x40000000" : "0x2C000000";
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
        ?? throw new InvalidOperationException($"scenario {scenario} printed no result (exit {process.ExitCode}): {output}");
    return BenchmarkResult.FromJson(line);
}

static string Markdown(List<BenchmarkResult> results, int runs, List<string> failures)
{
    var inv = CultureInfo.InvariantCulture;
    var text = new StringBuilder();
    text.AppendLine("# Benchmarks");
    text.AppendLine();
    text.AppendLine(inv, $"Written by `make bench` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; every scenario ran {runs} time(s), each in a fresh process. Reproduce with `make bench` (this file) or `make bench-quick` (JSON lines, under 3 minutes).");
    text.AppendLine();
    text.AppendLine("Setup, all on this one machine: the librdkafka mock cluster in its own process (`infra/kafka-host`), the fake provider in its own process, a local PostgreSQL 15, and the measured process running the stages under test (plus the client that submits and the consumer that reads the results). Requests carry ~1 KB prompts and are submitted with at most `2 × router MaxInFlight` outstanding, after a 2,000-request warm-up. Latency is broker-added: submission to the result reaching the client, minus the provider's own time. The measured process runs as the worker deployables do (tiered compilation off) with the GC heap limit a container of about 940 MiB would set (`DOTNET_GCHeapHardLimit=0x2C000000`, 704 MiB); `e2e` and `slow-provider-e2e`, which run all seven workers in one process, get 1 GiB (`0x40000000`).");
    text.AppendLine();
    text.AppendLine("- `kafka-relay`: the floor: raw consume→produce of 1,200-byte messages on the same mock cluster, one burst (its latency is queueing behind the burst).");
    text.AppendLine("- `e2e`: every stage and sink, fake provider answering at once.");
    text.AppendLine("- `slow-provider`: one router process with a provider latency of 1 s and its interactive lane allowed 5,000 calls in flight (its default `MaxInFlight`; `BENCH_ROUTER_IN_FLIGHT` changes it): redacted requests published to `llm.redacted`, provider responses read from `llm.responses` (latency: publish to response, minus the provider's time).");
    text.AppendLine("- `slow-provider-failover`: as `slow-provider`, with the alias spread over three deployments and 10% of provider calls failing with 503 after the 1 s (a failed call moves at once to another deployment; the last one left is retried in place after ~200 ms).");
    text.AppendLine("- `slow-provider-failover-fast-errors`: as `slow-provider-failover`, but the 503s come at once, before the 1 s, as a loaded endpoint rejects a request: the same failover with the failed attempts costing no provider time.");
    text.AppendLine("- `slow-provider-e2e`: every stage and sink, as `e2e`, with the slow provider of `slow-provider`: every stage shares the two cores with the router.");
    text.AppendLine("- `redaction`: PII detection alone (`PiiDetector.Detect`) on one thread over ~1 KB prompts with a realistic PII mix and look-alikes; latency is per prompt.");
    text.AppendLine("- `audit-sink` and `cost-rollup`: one PostgreSQL sink draining outcomes pre-loaded into Kafka (hash-chained audit rows; ledger plus hourly rollups by app/model and by tag); throughput counts the rows stored after the first committed batch, per second.");
    text.AppendLine("- `provider-floor`: the router's provider path alone (official OpenAI SDK behind `IChatClient`, 6,500 concurrent calls, 1 s latency), no Kafka: the most any pipeline could push through the provider calls on this machine.");
    text.AppendLine();
    text.AppendLine("## Medians");
    text.AppendLine();
    text.AppendLine("`throughput` is every request over the whole run, from the first submission to the last result, so it includes the ramp-up and the drain of the last requests (with injected errors, a handful of requests retried three or four times arrive seconds after the rest). `sustained` is the rate at which results arrived between the 10th and the 90th percentile result: what the pipeline keeps up while it is fully loaded.");
    text.AppendLine();
    text.AppendLine("| scenario | requests | throughput req/s | sustained req/s | p50 ms | p99 ms | p99.9 ms | peak RSS MB | lost | duplicated | provider max in flight |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var group in results.GroupBy(r => r.Scenario))
    {
        double Median(Func<BenchmarkResult, double> f)
        {
            var values = group.Select(f).Order().ToArray();
            return values[values.Length / 2];
        }

        var maxInFlight = group.Max(r => r.Extra.GetValueOrDefault("provider_max_in_flight"));
        var sustained = Median(r => r.Extra.GetValueOrDefault("sustained_rps"));
        text.AppendLine(inv, $"| {group.Key} | {group.First().Requests} | {Median(r => r.ThroughputRps)} | {(sustained > 0 ? sustained.ToString(inv) : "")} | {Median(r => r.P50Ms)} | {Median(r => r.P99Ms)} | {Median(r => r.P999Ms)} | {Median(r => r.PeakRssMb)} | {group.Sum(r => r.Lost)} | {group.Sum(r => r.Duplicated)} | {(maxInFlight > 0 ? maxInFlight.ToString(inv) : "")} |");
    }

    text.AppendLine();
    if (failures.Count > 0)
    {
        text.AppendLine("Runs that died (not in the medians):");
        text.AppendLine();
        foreach (var failure in failures)
        {
            text.AppendLine(inv, $"- {failure}");
        }

        text.AppendLine();
    }

    text.AppendLine("## Every run");
    text.AppendLine();
    text.AppendLine("| scenario | throughput req/s | p50 ms | p99 ms | p99.9 ms | peak RSS MB | lost | duplicated | details |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var r in results)
    {
        var notes = string.Join(", ", r.Extra.Select(e => $"{e.Key}={e.Value.ToString(inv)}"));
        text.AppendLine(inv, $"| {r.Scenario} | {r.ThroughputRps} | {r.P50Ms} | {r.P99Ms} | {r.P999Ms} | {r.PeakRssMb} | {r.Lost} | {r.Duplicated} | {notes} |");
    }

    text.AppendLine();
    text.AppendLine(File.Exists(ReportFiles.FindingsPath) ? File.ReadAllText(ReportFiles.FindingsPath) : "");
    return text.ToString();
}

/// <summary>Where the harness finds the hand-written findings appended to the report.</summary>
internal static class ReportFiles
{
    public static string FindingsPath => Path.Combine(AppContext.BaseDirectory, "findings.md");
}

internal sealed record BenchOptions(bool Quick, string? Report, string Postgres, string? Scenario, int? Count)
{
    public static BenchOptions Parse(string[] args)
    {
        bool quick = false;
        string? report = null, pg = Environment.GetEnvironmentVariable("LLMBROKER_PG"), scenario = null;
        int? count = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--report": report = args[++i]; break;
                case "--pg": pg = args[++i]; break;
                case "--scenario": scenario = args[++i]; break;
                case "--count": count = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        return new BenchOptions(quick, report, pg ?? throw new ArgumentException("pass --pg or set LLMBROKER_PG"), scenario, count);
    }
}
