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
/// CPU time (user + system, from /proc) of the measured process, the Kafka host and the PostgreSQL
/// backends that serve the sink (found by application name; the server's shared processes, such as
/// the WAL writer, and other clients of a shared server are not counted), so a sink run shows which
/// of them a row costs.
/// </summary>
internal sealed class ProcessCpu(int kafkaHost, Npgsql.NpgsqlDataSource data)
{
    /// <summary>Application name of the sink's PostgreSQL connections.</summary>
    public const string SinkApplicationName = "llmbroker-bench-sink";

    private const double TickMicroseconds = 1_000_000.0 / 100;
    private (long Self, long Kafka, Dictionary<int, long> Postgres) _start;

    public async Task StartAsync() => _start = await ReadAsync();

    /// <summary>Adds cpu_us_per_row_sink, _kafka and _postgres for <paramref name="rows"/> rows since <see cref="StartAsync"/>.</summary>
    public async Task AddToAsync(IDictionary<string, double> extra, long rows)
    {
        var now = await ReadAsync();
        double PerRow(long ticks) => Math.Round(ticks * TickMicroseconds / Math.Max(1, rows), 1);
        extra["cpu_us_per_row_sink"] = PerRow(now.Self - _start.Self);
        extra["cpu_us_per_row_kafka"] = PerRow(now.Kafka - _start.Kafka);
        // A backend opened during the window counts from zero.
        extra["cpu_us_per_row_postgres"] = PerRow(now.Postgres.Sum(p => p.Value - _start.Postgres.GetValueOrDefault(p.Key)));
    }

    private async Task<(long Self, long Kafka, Dictionary<int, long> Postgres)> ReadAsync()
    {
        var postgres = new Dictionary<int, long>();
        await using (var command = data.CreateCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @name"))
        {
            command.Parameters.AddWithValue("name", SinkApplicationName);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var pid = reader.GetInt32(0);
                postgres[pid] = Ticks($"/proc/{pid}");
            }
        }

        return (Ticks("/proc/self"), Ticks($"/proc/{kafkaHost}"), postgres);
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
