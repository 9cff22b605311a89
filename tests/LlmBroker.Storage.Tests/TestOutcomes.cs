using Google.Protobuf.WellKnownTypes;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Tests;

/// <summary>Deterministic outcomes for the writer tests.</summary>
internal static class TestOutcomes
{
    public static readonly DateTimeOffset BaseTime = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Apps = ["billing", "search", "support"];
    private static readonly string[] Models = ["gpt-4o", "claude-sonnet", "llama-70b", "mistral-large"];

    /// <summary>
    /// <paramref name="count"/> outcomes with ids <c>{prefix}-{i}</c>: several apps, models and hours,
    /// every eleventh failed, every seventh a cache hit, every third cacheable.
    /// </summary>
    public static List<Outcome> Batch(int count, string prefix = "req", int firstIndex = 0)
    {
        var outcomes = new List<Outcome>(count);
        for (var i = firstIndex; i < firstIndex + count; i++)
        {
            outcomes.Add(Create(i, prefix));
        }

        return outcomes;
    }

    public static Outcome Create(int i, string prefix = "req")
    {
        var submitted = BaseTime.AddMinutes(i % 300).AddMilliseconds(i);
        var failed = i % 11 == 10;
        var outcome = new Outcome
        {
            RequestId = $"{prefix}-{i}",
            Tenant = i % 5 == 0 ? "acme" : "globex",
            App = Apps[i % Apps.Length],
            Model = Models[i % Models.Length],
            Lane = i % 2 == 0 ? Lane.Interactive : Lane.Batch,
            Status = failed ? ResultStatus.Failed : ResultStatus.Ok,
            Error = failed ? new ErrorInfo { Code = "provider_error", Message = "upstream returned 503", Retryable = true } : null,
            Provider = i % 2 == 0 ? "openai" : "anthropic",
            Deployment = $"dep-{i % 3}",
            ProviderModel = Models[i % Models.Length] + "-2026-01-01",
            Usage = new Usage
            {
                InputTokens = 100 + (i % 50),
                OutputTokens = 20 + (i % 30),
                CachedInputTokens = i % 4 == 0 ? 64 : 0,
                ReasoningTokens = i % 6,
                CacheWriteTokens = 0,
            },
            // Odd nano amounts: sums must stay exact to the billionth.
            CostNanoUsd = 1_234_567 + (i * 7_919L),
            CacheHit = i % 7 == 3,
            CacheKey = i % 3 == 0 ? $"key-{prefix}-{i}" : "",
            BatchId = i % 4 == 1 ? "batch-1" : "",
            CustomId = i % 4 == 1 ? $"line-{i}" : "",
            RedactedOutput = $"Answer {i} for <PERSON_1> \u00e9t\u00e9",
            FinishReason = "stop",
            PriceVersion = "2026-11",
            Times = new StageTimes
            {
                SubmittedAt = Timestamp.FromDateTimeOffset(submitted),
                RedactedAt = Timestamp.FromDateTimeOffset(submitted.AddMilliseconds(5)),
                RouterReceivedAt = Timestamp.FromDateTimeOffset(submitted.AddMilliseconds(10)),
                ProviderStartedAt = Timestamp.FromDateTimeOffset(submitted.AddMilliseconds(20)),
                ProviderCompletedAt = Timestamp.FromDateTimeOffset(submitted.AddMilliseconds(820)),
                RoutedAt = Timestamp.FromDateTimeOffset(submitted.AddMilliseconds(830)),
                ValidatedAt = Timestamp.FromDateTimeOffset(submitted.AddMilliseconds(900)),
            },
        };
        outcome.Tags.Add("team", i % 2 == 0 ? "core" : "growth");
        outcome.Tags.Add("env", "test");
        outcome.RedactedMessages.Add(new ChatMessage { Role = Role.System, Content = "You are terse." });
        outcome.RedactedMessages.Add(new ChatMessage { Role = Role.User, Content = $"Question {i} from <EMAIL_1>", Name = "u" });
        outcome.Attempts.Add(new Attempt
        {
            Deployment = outcome.Deployment,
            Provider = outcome.Provider,
            StatusCode = failed ? 503 : 200,
            ErrorClass = failed ? "server_error" : "",
            LatencyMs = 800,
            StartedAt = Timestamp.FromDateTimeOffset(submitted.AddMilliseconds(20)),
        });
        outcome.ChecksRun.Add("json_schema");
        if (failed)
        {
            outcome.ChecksFailed.Add("json_schema");
        }

        return outcome;
    }

    /// <summary>The exact total cost in dollars of <paramref name="outcomes"/>.</summary>
    public static decimal CostUsd(IEnumerable<Outcome> outcomes) =>
        outcomes.Sum(o => o.CostNanoUsd) / 1_000_000_000m;
}
