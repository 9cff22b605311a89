using System.Diagnostics;
using LlmBroker.Routing;
using LlmBroker.Routing.Providers;
using Microsoft.Extensions.AI;

namespace LlmBroker.Benchmarks;

/// <summary>
/// The provider-call floor: the router's chat client (official OpenAI SDK behind IChatClient) calling
/// the fake provider in its own process, with no Kafka and no pipeline: the most the router's
/// provider path can do on this machine.
/// </summary>
internal static class ProviderFloorScenario
{
    public static async Task<BenchmarkResult> RunAsync(int count, int concurrency, TimeSpan latency)
    {
        await using var provider = await ExternalFakeProvider.StartAsync(latency);
        using var client = ChatClientFactory.Create(
            new DeploymentOptions { Name = "floor", Model = "gpt-4o-mini", Endpoint = provider.OpenAIEndpoint.ToString(), MaxConnections = concurrency + 100 },
            TimeSpan.FromMinutes(1),
            new ConfiguredKeysOnly());
        var prompt = $"0: {new string('x', 1000)}";
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)])));

        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = clock.Elapsed;
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)]);
                latencies[i] = (clock.Elapsed - started).TotalMilliseconds - latency.TotalMilliseconds;
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.ToList();
        sorted.Sort();
        return new BenchmarkResult
        {
            Scenario = "provider-floor",
            Requests = count,
            ThroughputRps = Math.Round(count / elapsed),
            P50Ms = Measure.Percentile(sorted, 0.50),
            P99Ms = Measure.Percentile(sorted, 0.99),
            P999Ms = Measure.Percentile(sorted, 0.999),
            PeakRssMb = Measure.PeakRssMb(),
            Lost = 0,
            Duplicated = 0,
            Extra = { ["concurrency"] = concurrency, ["provider_max_in_flight"] = await provider.MaxInFlightAsync(), ["provider_latency_ms"] = latency.TotalMilliseconds },
        };
    }
}
