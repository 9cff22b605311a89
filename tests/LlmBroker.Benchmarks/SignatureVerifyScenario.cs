using System.Diagnostics;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Benchmarks;

/// <summary>
/// Cost of verifying one request signature in the redactor (canonical bytes + HMAC-SHA256 + constant
/// time compare) on a request with a prompt of <c>promptBytes</c> and three tags. Single thread.
/// </summary>
internal static class SignatureVerifyScenario
{
    public static BenchmarkResult Run(int count, int promptBytes)
    {
        var signingKey = RequestSigning.DeriveSigningKey("lbk_" + new string('k', 43));
        var request = new PromptRequest
        {
            RequestId = RequestIds.New(DateTimeOffset.UtcNow),
            Tenant = "bench",
            App = "verify",
            Model = "gpt-4o-mini",
            Lane = Lane.Interactive,
        };
        request.Messages.Add(new ChatMessage { Role = Role.System, Content = "You are terse." });
        request.Messages.Add(new ChatMessage { Role = Role.User, Content = new string('x', promptBytes) });
        request.Tags["team"] = "search";
        request.Tags["feature"] = "summaries";
        request.Tags["customer"] = "c-123";
        RequestSigning.Sign(request, "key_0123456789abcdef", signingKey, DateTimeOffset.UtcNow);

        for (var i = 0; i < 20_000; i++)
        {
            _ = RequestSigning.Verify(request, signingKey);
        }

        var samples = new double[count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (!RequestSigning.Verify(request, signingKey))
            {
                throw new InvalidOperationException("the signature did not verify");
            }

            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        total.Stop();
        Array.Sort(samples);
        return new BenchmarkResult
        {
            Scenario = "signature-verify",
            Requests = count,
            ThroughputRps = count / total.Elapsed.TotalSeconds,
            P50Ms = samples[count / 2],
            P99Ms = samples[(int)(count * 0.99)],
            P999Ms = samples[(int)(count * 0.999)],
            PeakRssMb = Environment.WorkingSet / 1024.0 / 1024.0,
            Lost = 0,
            Duplicated = 0,
            Extra = { ["mean_us"] = total.Elapsed.TotalMilliseconds * 1000 / count, ["prompt_bytes"] = promptBytes },
        };
    }
}
