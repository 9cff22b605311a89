using Google.Protobuf.WellKnownTypes;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Tests;

/// <summary>
/// The writer computes the content digests itself; PostgreSQL's audit_log_digest (which the verifier
/// uses) must give the same bytes for every value the writer can store.
/// </summary>
public sealed class AuditDigestTests : PostgresTest
{
    private const string Awkward = "q\"b\\s/\b\f\n\r\t\u0001\u001f\u007f\u2028 \u00e9 \u4e2d \ud83d\ude00 \0end";

    private readonly AuditLogWriter _writer = new();

    [Fact]
    public async Task WriteAsync_AwkwardValues_DigestsEqualPostgresDigests()
    {
        var outcomes = AwkwardOutcomes().ToList();
        await InTransactionAsync((c, t) => _writer.WriteAsync(c, t, outcomes, default));
        await InTransactionAsync((c, t) => _writer.WriteAsync(
            c, t, AwkwardOutcomes("src").ToList(), outcomes.Select((_, i) => new AuditSource("llm.outcomes/\u00e9", i * 1_000_000_007L)).ToList(), default));

        // Every row's link, recomputed from PostgreSQL's digest of the stored values.
        var result = await AuditChainVerifier.VerifyAsync(DataSource, default);
        Assert.True(result.Intact, result.FirstBreak?.ToString());
        Assert.Equal(2L * outcomes.Count, result.RowsChecked);
        Assert.Equal(2L * outcomes.Count, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task WriteAsync_AwkwardValues_AreStoredAsGiven()
    {
        var outcome = AwkwardOutcomes().First();
        await InTransactionAsync((c, t) => _writer.WriteAsync(c, t, [outcome], default));

        Assert.Equal(Awkward.Replace("\0", "", StringComparison.Ordinal), await Db.ScalarAsync<string>("SELECT redacted_output FROM audit_log"));
        Assert.Equal(-0.000000001m, await Db.ScalarAsync<decimal>("SELECT cost_usd FROM audit_log"));
        Assert.Equal(
            new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560),
            await Db.ScalarAsync<DateTime>("SELECT occurred_at FROM audit_log"));
        Assert.Equal(Awkward.Replace("\0", "", StringComparison.Ordinal), await Db.ScalarAsync<string>("SELECT tags->>'a' FROM audit_log"));
    }

    private static IEnumerable<Outcome> AwkwardOutcomes(string prefix = "awk")
    {
        var costs = new[] { -1L, 0L, 1L, 999_999_999L, 1_000_000_000L, 123_456_789_012L, long.MaxValue, long.MinValue + 1 };
        var times = new[]
        {
            // Sub-microsecond nanos, before 2000 and before 1970, the first second of the DateTime range.
            new Timestamp { Seconds = 1_795_168_800, Nanos = 123_456_789 },
            new Timestamp { Seconds = 946_684_799, Nanos = 999_999_950 },
            new Timestamp { Seconds = -1, Nanos = 999_999_999 },
            new Timestamp { Seconds = -62_135_596_800, Nanos = 0 },
            new Timestamp { Seconds = -62_135_596_799, Nanos = 1_000 },
            new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 },
        };
        for (var i = 0; i < 12; i++)
        {
            var outcome = new Outcome
            {
                RequestId = $"{prefix}-{i} {Awkward}",
                Tenant = i % 2 == 0 ? Awkward : "",
                App = "app\ttab",
                Model = "m\u00e9",
                Lane = (Lane)(i % 4),
                Status = i == 5 ? (ResultStatus)99 : (ResultStatus)(i % 7),
                Provider = "",
                Deployment = Awkward,
                ProviderModel = i % 3 == 0 ? "" : Awkward,
                KeyId = i % 2 == 1 ? "key \"1\"" : "",
                TemplateName = i % 2 == 0 ? "tpl\\x" : "",
                TemplateVersion = i % 3,
                BatchId = i % 4 == 0 ? "" : "b\n",
                CustomId = i % 4 == 0 ? "" : "\0",
                Error = i % 2 == 0 ? new ErrorInfo { Code = "c\u0002", Message = Awkward } : null,
                RejectionReason = i % 3 == 1 ? "replayed" : "",
                FinishReason = i % 5 == 0 ? "" : "stop",
                RedactedOutput = i == 3 ? "" : Awkward,
                Usage = i == 7 ? null : new Usage { InputTokens = i == 1 ? int.MinValue : 100 * i, OutputTokens = int.MaxValue, CachedInputTokens = -i },
                CostNanoUsd = costs[i % costs.Length],
                CacheHit = i % 2 == 1,
                PriceVersion = i % 2 == 0 ? "" : "p\u00e9",
                Times = i == 0
                    ? new StageTimes { SubmittedAt = new Timestamp { Seconds = 1_795_168_800, Nanos = 123_456_789 } }
                    : i == 9 ? null : new StageTimes
                    {
                        SubmittedAt = times[i % times.Length],
                        RedactedAt = i % 2 == 0 ? times[(i + 1) % times.Length] : null,
                        // Out of the DateTime range: left out.
                        ValidatedAt = i == 4 ? new Timestamp { Seconds = 300_000_000_000 } : null,
                    },
            };
            // Keys of several lengths and bytes; "a\0" cleans to "a" and the later one is kept.
            outcome.Tags.Add("a", Awkward);
            outcome.Tags.Add("bb", "2");
            outcome.Tags.Add("ab", "\u00e9");
            outcome.Tags.Add("\u00e9", "e");
            outcome.Tags.Add("Z", "");
            outcome.Tags.Add("longer key " + i, Awkward);
            if (i % 2 == 1)
            {
                outcome.Tags.Add("a\0", "last wins");
            }

            if (i % 2 == 0)
            {
                outcome.RedactedMessages.Add(new ChatMessage { Role = Role.System, Content = Awkward });
                outcome.RedactedMessages.Add(new ChatMessage { Role = (Role)42, Content = "", Name = Awkward });
                outcome.Attempts.Add(new Attempt
                {
                    Deployment = Awkward,
                    Provider = "p",
                    StatusCode = -1,
                    ErrorClass = Awkward,
                    LatencyMs = long.MaxValue,
                    StartedAt = times[i % times.Length],
                });
                outcome.Attempts.Add(new Attempt { Deployment = "d", Provider = "", LatencyMs = 0 });
                outcome.ChecksRun.Add(Awkward);
                outcome.ChecksRun.Add("");
                outcome.ChecksFailed.Add("\0");
            }

            yield return outcome;
        }
    }
}

/// <summary>The digest's JSON rendering does not depend on the key order or repeats of the JSON it is given.</summary>
public sealed class AuditCanonicalTests
{
    [Fact]
    public void Digest_KeysOutOfJsonbOrderOrRepeated_SameAsInOrder()
    {
        var inOrder = Row(
            """[{"name": "n", "role": "user", "content": "c\u00e9\n"}]""",
            """{"Z": "", "a": "last", "ab": "x", "\u00e9": "e", "longer": "y"}""");
        var shuffled = Row(
            """[{"content":"c\u00e9\n","role":"user","name":"n"}]""",
            """{"longer":"y","\u00e9":"e","a":"first","ab":"x","Z":"","a":"last"}""");
        var different = Row(
            """[{"content":"c\u00e9\n","role":"user","name":"n"}]""",
            """{"longer":"y","\u00e9":"e","a":"last","ab":"x","Z":"","a":"first"}""");

        var canonical = new Internal.AuditCanonical();
        Assert.Equal(canonical.Digest(inOrder), canonical.Digest(shuffled));
        Assert.NotEqual(canonical.Digest(inOrder), canonical.Digest(different));
    }

    private static Internal.AuditRow Row(string messages, string tags) => new()
    {
        Chain = "c",
        RequestId = "r",
        Event = "ok",
        Tenant = "t",
        App = "a",
        Model = "m",
        Lane = "batch",
        Provider = "p",
        Deployment = "d",
        RedactedMessages = messages,
        Attempts = "[]",
        ChecksRun = [],
        ChecksFailed = [],
        Tags = tags,
        StageTimes = "{}",
        OccurredAt = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc),
        RecordedAt = new DateTime(2026, 11, 20, 10, 0, 1, DateTimeKind.Utc),
    };
}
