using Google.Protobuf.WellKnownTypes;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Internal;

/// <summary>How outcome fields are stored: enum names as analyst-friendly text, exact costs, UTC times.</summary>
internal static class OutcomeFields
{
    private const decimal NanosPerUsd = 1_000_000_000m;

    // Timestamp seconds of 0001-01-01 and 9999-12-31T23:59:59 (the DateTime range).
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static string Status(ResultStatus status) => status switch
    {
        ResultStatus.Ok => "ok",
        ResultStatus.Failed => "failed",
        ResultStatus.Expired => "expired",
        ResultStatus.Rejected => "rejected",
        ResultStatus.FailedValidation => "failed_validation",
        ResultStatus.RateLimited => "rate_limited",
        ResultStatus.Unspecified => "unspecified",
        // A value added to the contract after this build: keep it rather than fail the batch.
        _ => "status_" + (int)status,
    };

    public static string Lane(Lane lane) => lane switch
    {
        Contracts.V1.Lane.Interactive => "interactive",
        Contracts.V1.Lane.Batch => "batch",
        Contracts.V1.Lane.Unspecified => "unspecified",
        _ => "lane_" + (int)lane,
    };

    public static string Role(Role role) => role switch
    {
        Contracts.V1.Role.System => "system",
        Contracts.V1.Role.User => "user",
        Contracts.V1.Role.Assistant => "assistant",
        Contracts.V1.Role.Tool => "tool",
        Contracts.V1.Role.Developer => "developer",
        Contracts.V1.Role.Unspecified => "unspecified",
        _ => "role_" + (int)role,
    };

    /// <summary>Billionths of a dollar to dollars; exact, since decimal keeps the nine decimals.</summary>
    public static decimal CostUsd(long costNanoUsd) => costNanoUsd / NanosPerUsd;

    /// <summary>
    /// The timestamp as a UTC DateTime, or null when unset or outside the DateTime range (a malformed
    /// timestamp must not make the whole batch fail).
    /// </summary>
    public static DateTime? Utc(Timestamp? timestamp)
    {
        if (timestamp is null || timestamp.Seconds is < MinSeconds or > MaxSeconds
            || timestamp.Nanos is < 0 or > 999_999_999)
        {
            return null;
        }

        return DateTime.UnixEpoch.AddTicks(
            (timestamp.Seconds * TimeSpan.TicksPerSecond) + (timestamp.Nanos / 100));
    }

    /// <summary>The latest stage timestamp: when the request finished, whichever stage ended it.</summary>
    public static DateTime? CompletedAt(StageTimes? times)
    {
        if (times is null)
        {
            return null;
        }

        DateTime? latest = null;
        foreach (var timestamp in Stages(times))
        {
            var value = Utc(timestamp.Value);
            if (value is not null && (latest is null || value > latest))
            {
                latest = value;
            }
        }

        return latest;
    }

    /// <summary>Each stage's name (the proto field name) with its timestamp, unset ones included.</summary>
    public static IEnumerable<KeyValuePair<string, Timestamp?>> Stages(StageTimes times)
    {
        yield return new("submitted_at", times.SubmittedAt);
        yield return new("redactor_received_at", times.RedactorReceivedAt);
        yield return new("redacted_at", times.RedactedAt);
        yield return new("router_received_at", times.RouterReceivedAt);
        yield return new("provider_started_at", times.ProviderStartedAt);
        yield return new("provider_completed_at", times.ProviderCompletedAt);
        yield return new("routed_at", times.RoutedAt);
        yield return new("validator_received_at", times.ValidatorReceivedAt);
        yield return new("validated_at", times.ValidatedAt);
    }

    /// <summary><see cref="Stages"/> in jsonb's key order (shorter first, then bytewise).</summary>
    public static IEnumerable<KeyValuePair<string, Timestamp?>> StagesInJsonbOrder(StageTimes times)
    {
        yield return new("routed_at", times.RoutedAt);
        yield return new("redacted_at", times.RedactedAt);
        yield return new("submitted_at", times.SubmittedAt);
        yield return new("validated_at", times.ValidatedAt);
        yield return new("router_received_at", times.RouterReceivedAt);
        yield return new("provider_started_at", times.ProviderStartedAt);
        yield return new("redactor_received_at", times.RedactorReceivedAt);
        yield return new("provider_completed_at", times.ProviderCompletedAt);
        yield return new("validator_received_at", times.ValidatorReceivedAt);
    }

    public static long? Milliseconds(DateTime? from, DateTime? to) =>
        from is null || to is null ? null : (long)(to.Value - from.Value).TotalMilliseconds;

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
