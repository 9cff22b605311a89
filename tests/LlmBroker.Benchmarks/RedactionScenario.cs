using System.Diagnostics;
using System.Text;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Benchmarks;

/// <summary>
/// PII detection alone, on one thread: ~1 KB prompts of business prose carrying a realistic mix of
/// PII (names, e-mails, phones, addresses, a card or IBAN now and then, IPs, keys) and look-alikes
/// (order numbers, versions, dates, prices, UUIDs).
/// </summary>
internal static class RedactionScenario
{
    public static BenchmarkResult Run(int count)
    {
        var prompts = Prompts(256, new Random(7));
        var detector = new PiiDetector();
        var entities = 0L;
        for (var i = 0; i < 2000; i++)
        {
            entities += detector.Detect(prompts[i % prompts.Length]).Count;
        }

        var latencies = new List<double>(count);
        entities = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            entities += detector.Detect(prompts[i % prompts.Length]).Count;
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        total.Stop();
        process.Refresh();
        // On a shared machine wall time includes waiting for a core; CPU time is what one core needs.
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        latencies.Sort();
        return new BenchmarkResult
        {
            Scenario = "redaction",
            Requests = count,
            ThroughputRps = Math.Round(count / total.Elapsed.TotalSeconds, 1),
            P50Ms = Measure.Percentile(latencies, 0.50),
            P99Ms = Measure.Percentile(latencies, 0.99),
            P999Ms = Measure.Percentile(latencies, 0.999),
            PeakRssMb = Measure.PeakRssMb(),
            Lost = 0,
            Duplicated = 0,
            Extra = new Dictionary<string, double>
            {
                ["avg_prompt_chars"] = Math.Round(prompts.Average(p => p.Length), 0),
                ["entities_per_prompt"] = Math.Round((double)entities / count, 2),
                ["allocated_bytes_per_prompt"] = Math.Round((double)allocated / count, 0),
                ["p50_us"] = Math.Round(latencies[latencies.Count / 2] * 1000, 1),
                ["threads"] = 1,
                ["prompts_per_cpu_second"] = Math.Round(count / cpuSeconds, 0),
            },
        };
    }

    private static readonly string[] Prose =
    [
        "Please summarise the following customer conversation and suggest a next step for the support team.",
        "The client is unhappy that the delivery was late and wants a partial refund on the second invoice.",
        "We upgraded the service from version 3.4.1 to 3.5.0 last week and the latency dropped by 18%.",
        "Order 4471-2209-118 shipped on 2024-05-01 and the tracking code is 1Z999AA10123456784.",
        "The quarterly budget is $12,450.00 and the forecast assumes a 4.5% increase in Q3.",
        "Request id 3f2b9c1e-8a4d-4f6b-9c2e-1a2b3c4d5e6f failed with status 503 after 3 retries.",
        "Draft a friendly reply that apologises for the delay and confirms the new date.",
        "Our meeting notes from Tuesday mention that the migration is blocked on the database team.",
        "Translate the following paragraph into German and keep the formatting intact.",
        "The attached log shows the job ran for 42 minutes before the worker ran out of memory.",
    ];

    private static readonly string[] Names = ["Priya Sharma", "Jürgen Müller", "Camille Dubois", "Kwame Mensah", "Hiroshi Tanaka", "Emily Carter", "Ahmed Haddad", "Lucía Fernández"];

    private static string[] Prompts(int n, Random random)
    {
        var prompts = new string[n];
        for (var i = 0; i < n; i++)
        {
            var text = new StringBuilder(1100);
            var name = Names[random.Next(Names.Length)];
            text.Append("Hi, I'm ").Append(name).Append(". ");
            while (text.Length < 1000)
            {
                text.Append(Prose[random.Next(Prose.Length)]).Append(' ');
                switch (random.Next(12))
                {
                    case 0: text.Append("You can reach me at ").Append(name.Split(' ')[0].ToLowerInvariant()).Append(".work@example.com. "); break;
                    case 1: text.Append("My phone is +44 20 7946 0").Append(random.Next(100, 999)).Append(". "); break;
                    case 2: text.Append("Ship it to 221B Baker Street, London NW1 6XE. "); break;
                    case 3: text.Append("The request came from 203.0.113.").Append(random.Next(1, 254)).Append(". "); break;
                    case 4: text.Append("Please cc ").Append(Names[random.Next(Names.Length)]).Append(" on the reply. "); break;
                    case 5: text.Append("Refund to IBAN DE89 3704 0044 0532 0130 00. "); break;
                    case 6: text.Append("Card 4111 1111 1111 1111 was charged twice. "); break;
                    case 7: text.Append("The key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z stopped working. "); break;
                    default: break;
                }
            }

            prompts[i] = text.ToString();
        }

        return prompts;
    }
}
