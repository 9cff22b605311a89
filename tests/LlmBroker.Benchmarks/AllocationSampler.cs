using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LlmBroker.Benchmarks;

/// <summary>
/// With BENCH_ALLOC_PROFILE=1, samples the runtime's allocation ticks (one event per ~100 KB
/// allocated) by type and prints the largest allocators to stderr when disposed: which types a
/// scenario's allocations are made of, without an external profiler.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private volatile bool _recording;

    private AllocationSampler()
    {
    }

    public static AllocationSampler? StartIfAsked() =>
        Environment.GetEnvironmentVariable("BENCH_ALLOC_PROFILE") == "1" ? new AllocationSampler() : null;

    /// <summary>Starts counting (events before are ignored, e.g. the warm-up).</summary>
    public void Record() => _recording = true;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var name = eventData.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? eventData.Payload[i] as string ?? "?" : "?";
        var amount = eventData.PayloadNames!.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(name, amount, (_, total) => total + amount);
    }

    public void Print(int requests)
    {
        _recording = false;
        var sample = _bytes.ToArray();
        var total = sample.Sum(p => p.Value);
        Console.Error.WriteLine($"allocation sample: {total / 1024.0 / Math.Max(1, requests):F1} KB per request");
        foreach (var (type, bytes) in sample.OrderByDescending(p => p.Value).Take(40))
        {
            Console.Error.WriteLine($"{bytes / 1024.0 / Math.Max(1, requests),8:F2} KB/req  {type}");
        }
    }
}
