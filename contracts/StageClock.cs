using Google.Protobuf.WellKnownTypes;

namespace LlmBroker.Contracts;

/// <summary>Helpers for the timestamps and amounts carried by the contracts.</summary>
public static class StageClock
{
    /// <summary>The current instant as a protobuf timestamp.</summary>
    public static Timestamp Now(this TimeProvider time) => Timestamp.FromDateTimeOffset(time.GetUtcNow());

    /// <summary>Converts billionths of a US dollar to dollars.</summary>
    public static decimal NanoUsdToUsd(long nanoUsd) => nanoUsd / 1_000_000_000m;
}
