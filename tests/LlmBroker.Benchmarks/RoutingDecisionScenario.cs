using System.Diagnostics;
using LlmBroker.Contracts.V1;
using LlmBroker.Routing;
using LlmBroker.Routing.Providers;
using LlmBroker.Routing.Selection;
using Microsoft.Extensions.Options;

namespace LlmBroker.Benchmarks;

/// <summary>
/// The router's hot-path decision alone (no provider call): read a request's routing facts (tags, pin,
/// prompt-size bound) and pick a deployment among eight with each strategy, the rules applied.
/// Reports decisions per second, the per-decision cost in microseconds and the bytes allocated.
/// </summary>
internal static class RoutingDecisionScenario
{
    private const int Batch = 1000;

    public static BenchmarkResult Run(int count)
    {
        var routing = new RoutingOptions();
        foreach (var strategy in RoutingStrategies.All)
        {
            var alias = new ModelRouteOptions { Alias = strategy, Strategy = strategy };
            for (var i = 0; i < 8; i++)
            {
                alias.Deployments.Add(new DeploymentOptions
                {
                    Name = $"{strategy}-{i}",
                    Model = "gpt-4o-mini",
                    Endpoint = "http://127.0.0.1:9/v1",
                    ApiKey = "bench",
                    Weight = 1 + i,
                    Tpm = 100_000,
                    ContextWindow = i == 0 ? 4_096 : 128_000,
                    InputPricePerMillion = 0.15m + i,
                    OutputPricePerMillion = 0.6m + i,
                    Region = i % 2 == 0 ? "eu" : "us",
                });
            }

            routing.Models.Add(alias);
        }

        var options = Options.Create(routing);
        using var catalog = new DeploymentCatalog(options, new DeploymentHealthRegistry(options, TimeProvider.System), TimeProvider.System);
        var requests = routing.Models.Select(m =>
        {
            var request = new PromptRequest { Model = m.Alias, RequestId = Guid.CreateVersion7().ToString() };
            request.Messages.Add(new ChatMessage { Role = Role.System, Content = "You are a helpful assistant." });
            request.Messages.Add(new ChatMessage { Role = Role.User, Content = string.Concat(Enumerable.Repeat("Summarize the quarterly report. ", 30)) });
            request.Tags["team"] = "search";
            request.Tags[RoutingTags.RouteTags] = "eu";
            return request;
        }).ToArray();

        // Warm up every path (strategies, tokenizer data) before measuring.
        Decide(catalog, requests, 20_000);

        var perStrategy = new Dictionary<string, double>();
        foreach (var request in requests)
        {
            var watch = Stopwatch.StartNew();
            Decide(catalog, [request], count / requests.Length);
            perStrategy[$"us_{request.Model.Replace('-', '_')}"] = Math.Round(watch.Elapsed.TotalMicroseconds / (count / requests.Length), 3);
        }

        // A prompt over the smallest context window's byte bound: the tokenizer counts it (o200k_base).
        var longPrompt = requests[0].Clone();
        longPrompt.Messages[1].Content = string.Concat(Enumerable.Repeat("Summarize the quarterly report. ", 200));
        Decide(catalog, [longPrompt], 200);
        var tokenized = Stopwatch.StartNew();
        Decide(catalog, [longPrompt], 2_000);
        perStrategy["us_with_tokenizer_6kb_prompt"] = Math.Round(tokenized.Elapsed.TotalMicroseconds / 2_000, 3);

        var batches = new List<double>(count / Batch);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var total = Stopwatch.StartNew();
        for (var done = 0; done < count; done += Batch)
        {
            var started = Stopwatch.GetTimestamp();
            Decide(catalog, requests, Batch);
            batches.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / Batch);
        }

        total.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        batches.Sort();
        var extra = new Dictionary<string, double>(perStrategy)
        {
            ["us_per_decision"] = Math.Round(total.Elapsed.TotalMicroseconds / count, 3),
            ["bytes_per_decision"] = Math.Round((double)allocated / count, 1),
        };
        return new BenchmarkResult
        {
            Scenario = "routing-decision",
            Requests = count,
            ThroughputRps = Math.Round(count / total.Elapsed.TotalSeconds),
            // Percentiles of the mean decision cost per batch of 1000, in microseconds (reported in the ms columns' place).
            P50Ms = Measure.Percentile(batches, 0.50),
            P99Ms = Measure.Percentile(batches, 0.99),
            P999Ms = Measure.Percentile(batches, 0.999),
            PeakRssMb = Measure.PeakRssMb(),
            Lost = 0,
            Duplicated = 0,
            Extra = extra,
        };
    }

    private static void Decide(DeploymentCatalog catalog, PromptRequest[] requests, int count)
    {
        var misses = 0;
        for (var i = 0; i < count; i++)
        {
            var request = requests[i % requests.Length];
            var route = catalog.Find(request.Model)!;
            var facts = new RequestFacts(request);
            if (DeploymentSelector.Select(route, facts, 0, out _) < 0)
            {
                misses++;
            }
        }

        if (misses > 0)
        {
            throw new InvalidOperationException($"{misses} decisions found no deployment");
        }
    }
}
