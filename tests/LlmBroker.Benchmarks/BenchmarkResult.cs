using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmBroker.Benchmarks;

/// <summary>One scenario's figures, printed as one JSON line.</summary>
internal sealed record BenchmarkResult
{
    [JsonPropertyName("scenario")]
    public required string Scenario { get; init; }

    [JsonPropertyName("requests")]
    public required int Requests { get; init; }

    [JsonPropertyName("throughput_rps")]
    public required double ThroughputRps { get; init; }

    [JsonPropertyName("p50_ms")]
    public required double P50Ms { get; init; }

    [JsonPropertyName("p99_ms")]
    public required double P99Ms { get; init; }

    [JsonPropertyName("p999_ms")]
    public required double P999Ms { get; init; }

    [JsonPropertyName("peak_rss_mb")]
    public required double PeakRssMb { get; init; }

    [JsonPropertyName("lost")]
    public required int Lost { get; init; }

    [JsonPropertyName("duplicated")]
    public required int Duplicated { get; init; }

    [JsonPropertyName("extra")]
    public Dictionary<string, double> Extra { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, BenchmarkJson.Default.BenchmarkResult);

    public static BenchmarkResult FromJson(string line) =>
        JsonSerializer.Deserialize(line, BenchmarkJson.Default.BenchmarkResult) ?? throw new FormatException("empty result");
}

[JsonSerializable(typeof(BenchmarkResult))]
internal sealed partial class BenchmarkJson : JsonSerializerContext;

/// <summary>Latency percentiles and process memory.</summary>
internal static class Measure
{
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 2);

    /// <summary>Peak resident set size of this process (VmHWM), in MiB.</summary>
    public static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return Math.Round(kb / 1024, 1);
            }
        }

        return 0;
    }
}

/// <summary>
/// What the measured process spent over a window: CPU time, GC pause time and bytes allocated, per
/// request. Unlike throughput these hardly depend on what else the machine runs, so they show where
/// a change moved the cost.
/// </summary>
internal sealed class CostMeter
{
    private readonly TimeSpan _cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan _pause = GC.GetTotalPauseDuration();
    private readonly long _allocated = GC.GetTotalAllocatedBytes();
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen2 = GC.CollectionCount(2);

    /// <summary>Adds cpu_us_per_request, gc_pause_share, allocated_kb_per_request and GC counts.</summary>
    public void Report(int requests, double elapsedSeconds, Dictionary<string, double> extra)
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        extra["cpu_us_per_request"] = Math.Round(cpu.TotalMicroseconds / Math.Max(1, requests), 1);
        extra["gc_pause_share"] = Math.Round((GC.GetTotalPauseDuration() - _pause).TotalSeconds / elapsedSeconds, 3);
        extra["allocated_kb_per_request"] = Math.Round((GC.GetTotalAllocatedBytes() - _allocated) / 1024.0 / Math.Max(1, requests), 1);
        extra["gc_gen0"] = GC.CollectionCount(0) - _gen0;
        extra["gc_gen2"] = GC.CollectionCount(2) - _gen2;
    }
}

/// <summary>
/// CPU time (user + system, from /proc) of the measured process, the Kafka host and every
/// PostgreSQL server process, so a sink run shows which of them a row costs. The PostgreSQL figure
/// counts the whole server (other clients of a shared server included).
/// </summary>
internal sealed class ProcessCpu
{
    private static readonly double TickMicroseconds = 1_000_000.0 / 100;
    private readonly int _kafkaHost;
    private (long Self, long Kafka, long Postgres) _start;

    public ProcessCpu(int kafkaHost) => _kafkaHost = kafkaHost;

    public void Start() => _start = Read();

    /// <summary>Adds cpu_us_per_row_sink, _kafka and _postgres for <paramref name="rows"/> rows since <see cref="Start"/>.</summary>
    public void AddTo(IDictionary<string, double> extra, long rows)
    {
        var now = Read();
        double PerRow(long ticks) => Math.Round(ticks * TickMicroseconds / Math.Max(1, rows), 1);
        extra["cpu_us_per_row_sink"] = PerRow(now.Self - _start.Self);
        extra["cpu_us_per_row_kafka"] = PerRow(now.Kafka - _start.Kafka);
        extra["cpu_us_per_row_postgres"] = PerRow(now.Postgres - _start.Postgres);
    }

    private (long Self, long Kafka, long Postgres) Read()
    {
        long postgres = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out _))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres")
                {
                    postgres += Ticks(dir);
                }
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
        }

        return (Ticks("/proc/self"), Ticks($"/proc/{_kafkaHost}"), postgres);
    }

    private static long Ticks(string dir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of stat (utime, stime); fields[0] here is field 3.
            return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
