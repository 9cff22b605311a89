using System.Diagnostics;
using System.Globalization;
using System.Text;
using LlmBroker.Benchmarks;

// Runs each scenario in a child process of its own (so peak RSS is per scenario), prints one JSON
// line per scenario, and with --report writes docs/benchmarks.md.
var options = BenchOptions.Parse(args);
if (options.Scenario is { } single)
{
    var result = single switch
    {
        "kafka-relay" => KafkaRelayScenario.Run(options.Count ?? 20_000, 1200),
        "e2e" => await PipelineScenario.RunAsync("e2e", options.Postgres, options.Count ?? 10_000, TimeSpan.Zero, 2000, 1024),
        "slow-provider" => await PipelineScenario.RunAsync("slow-provider", options.Postgres, options.Count ?? 30_000, TimeSpan.FromSeconds(1), 6500, 1024),
        _ => throw new ArgumentException($"unknown scenario '{single}'"),
    };
    Console.WriteLine(result.ToJson());
    return 0;
}

var plan = options.Quick
    ? new[] { ("kafka-relay", 20_000), ("e2e", 10_000), ("slow-provider", 20_000) }
    : new[] { ("kafka-relay", 20_000), ("e2e", 20_000), ("slow-provider", 30_000) };
var runs = options.Quick ? 1 : 3;
var all = new List<BenchmarkResult>();
for (var run = 0; run < runs; run++)
{
    foreach (var (scenario, count) in plan)
    {
        var result = RunChild(scenario, count, options.Postgres);
        Console.WriteLine(result.ToJson());
        all.Add(result);
    }
}

if (options.Report is { } report)
{
    File.WriteAllText(report, Markdown(all, runs));
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

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
        ?? throw new InvalidOperationException($"scenario {scenario} printed no result (exit {process.ExitCode}): {output}");
    return BenchmarkResult.FromJson(line);
}

static string Markdown(List<BenchmarkResult> results, int runs)
{
    var text = new StringBuilder();
    text.AppendLine("# Benchmarks");
    text.AppendLine();
    text.AppendLine(CultureInfo.InvariantCulture, $"Written by `make bench` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
    text.AppendLine(CultureInfo.InvariantCulture, $"Each scenario ran {runs} time(s), each in a fresh process, on the in-process librdkafka mock cluster, a local PostgreSQL 15 and the fake provider, all on this one machine.");
    text.AppendLine("Latency is broker-added: end to end (submission to the result arriving at the client) minus the provider's own time. `kafka-relay` is the floor: raw consume→produce of the same message size on the same cluster.");
    text.AppendLine();
    text.AppendLine("| scenario | requests | throughput req/s | p50 ms | p99 ms | p99.9 ms | peak RSS MB | lost | duplicated | notes |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var r in results)
    {
        var notes = string.Join(", ", r.Extra.Select(e => $"{e.Key}={e.Value.ToString(CultureInfo.InvariantCulture)}"));
        text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.Requests} | {r.ThroughputRps} | {r.P50Ms} | {r.P99Ms} | {r.P999Ms} | {r.PeakRssMb} | {r.Lost} | {r.Duplicated} | {notes} |");
    }

    return text.ToString();
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
