using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;

namespace LlmBroker.Benchmarks;

/// <summary>
/// Reads a topic from its end and records when the message of each tracked request arrives, with the
/// stage times it carries (results for the whole pipeline, provider responses for the router alone).
/// </summary>
internal sealed class ArrivalRecorder : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Func<Message<byte[], byte[]>, (string RequestId, StageTimes Times, bool Ok)?> _decode;
    private readonly Thread _thread;
    private Tracking _current = new([]);
    private int _duplicates;
    private int _failed;

    private ArrivalRecorder(string bootstrap, string topic, Func<Message<byte[], byte[]>, (string, StageTimes, bool)?> decode)
    {
        _decode = decode;
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-arrivals", FetchWaitMaxMs = 10 }).Build();
        _consumer.Assign(Enumerable.Range(0, 6).Select(p =>
        {
            var partition = new TopicPartition(topic, p);
            return new TopicPartitionOffset(partition, _consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High);
        }));
        _thread = new Thread(Run) { IsBackground = true };
        _thread.Start();
    }

    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Tracked requests whose first message was not a success (an error result, not a lost request).</summary>
    public int Failed => Volatile.Read(ref _failed);

    public int Count => Volatile.Read(ref _current).Seen.Count;

    /// <summary>Records client-facing results.</summary>
    public static ArrivalRecorder Results(string bootstrap, string topic) => new(bootstrap, topic, message =>
        MessagingClients.TryDecode<Result>(message, out var result, out _) ? (result!.RequestId, result.Times, result.Status == ResultStatus.Ok) : null);

    /// <summary>Records the router's provider responses.</summary>
    public static ArrivalRecorder Responses(string bootstrap, string topic) => new(bootstrap, topic, message =>
        MessagingClients.TryDecode<ProviderResponse>(message, out var response, out _) ? (response!.Request.Request.RequestId, response.Request.Request.Times, response.Status == ResultStatus.Ok) : null);

    private ConcurrentDictionary<string, Arrival> Arrived => Volatile.Read(ref _current).Seen;

    public List<string> Missing() => _current.Ids.Where(id => !Arrived.ContainsKey(id)).ToList();

    /// <summary>Records only <paramref name="ids"/> from now on, forgetting earlier arrivals.</summary>
    public void Track(HashSet<string> ids)
    {
        Volatile.Write(ref _current, new Tracking(ids));
        Volatile.Write(ref _failed, 0);
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Arrived.Count < _current.Ids.Count && clock.Elapsed < timeout)
        {
            await Task.Delay(20);
        }

        return Arrived.Count;
    }

    /// <summary>Median time of each hop, from the stage timestamps every message carries.</summary>
    public Dictionary<string, double> HopMedians() => HopNames.Select((name, i) => (name, i)).ToDictionary(h => h.name, h =>
    {
        var values = Arrived.Values.Select(v => v.Hops[h.i]).ToList();
        values.Sort();
        return Measure.Percentile(values, 0.5);
    });

    /// <summary>
    /// The arrival rate between the 10th and the 90th percentile arrival: the rate the pipeline
    /// sustains once the run has ramped up and before the last requests drain.
    /// </summary>
    public double SustainedRate()
    {
        var times = Arrived.Values.Select(v => v.At).Order().ToList();
        if (times.Count < 100)
        {
            return 0;
        }

        var (first, last) = ((int)(times.Count * 0.1), (int)(times.Count * 0.9));
        return Math.Round((last - first) / (times[last] - times[first]).TotalSeconds);
    }

    /// <summary>Arrivals per second since the first, for looking at a run's shape.</summary>
    public string ArrivalsPerSecond()
    {
        var times = Arrived.Values.Select(v => v.At).Order().ToList();
        return times.Count == 0 ? "" : string.Join(' ', times.GroupBy(t => (int)(t - times[0]).TotalSeconds).OrderBy(g => g.Key).Select(g => g.Count()));
    }

    /// <summary>Submission-to-arrival latency per request, minus the provider's time when asked.</summary>
    public List<double> BrokerLatencies(bool subtractProvider) => Arrived.Values.Select(v => subtractProvider ? v.TotalMs - v.ProviderMs : v.TotalMs).ToList();

    private static readonly string[] HopNames =
    [
        "hop_submit_to_redactor_ms", "hop_redactor_ms", "hop_redacted_to_router_ms",
        "hop_router_to_provider_ms", "hop_provider_ms", "hop_routed_to_validator_ms",
    ];

    private static double Ms(Google.Protobuf.WellKnownTypes.Timestamp? from, Google.Protobuf.WellKnownTypes.Timestamp? to) =>
        from is null || to is null ? 0 : (to.ToDateTimeOffset() - from.ToDateTimeOffset()).TotalMilliseconds;

    // Reduced to a few numbers on arrival: holding the messages (or their stage times) for every
    // request would charge the harness's memory to the measured process.
    private static Arrival Reduce(StageTimes t, DateTimeOffset at) => new(
        at,
        (at - t.SubmittedAt.ToDateTimeOffset()).TotalMilliseconds,
        Ms(t.ProviderStartedAt, t.ProviderCompletedAt),
        [
            Ms(t.SubmittedAt, t.RedactorReceivedAt),
            Ms(t.RedactorReceivedAt, t.RedactedAt),
            Ms(t.RedactedAt ?? t.SubmittedAt, t.RouterReceivedAt),
            Ms(t.RouterReceivedAt, t.ProviderStartedAt),
            Ms(t.ProviderStartedAt, t.ProviderCompletedAt),
            Ms(t.RoutedAt, t.ValidatorReceivedAt),
        ]);

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            var consumed = _consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (consumed?.Message is null || _decode(consumed.Message) is not { } arrival)
            {
                continue;
            }

            var current = Volatile.Read(ref _current);
            if (!current.Ids.Contains(arrival.RequestId))
            {
                continue;
            }

            if (!current.Seen.TryAdd(arrival.RequestId, Reduce(arrival.Times, DateTimeOffset.UtcNow)))
            {
                Interlocked.Increment(ref _duplicates);
            }
            else if (!arrival.Ok)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Dispose();
    }

    private sealed record Arrival(DateTimeOffset At, double TotalMs, double ProviderMs, double[] Hops);

    private sealed record Tracking(HashSet<string> Ids)
    {
        public ConcurrentDictionary<string, Arrival> Seen { get; } = new();
    }
}
