namespace LlmBroker.Contracts;

/// <summary>Request identifiers: UUIDv7, so they sort by creation time.</summary>
public static class RequestIds
{
    /// <summary>Creates a new UUIDv7 request id for the given instant.</summary>
    public static string New(DateTimeOffset now) => Guid.CreateVersion7(now).ToString();

    /// <summary>True when <paramref name="value"/> is a UUID (any version) in canonical form.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: 36 } && Guid.TryParseExact(value, "D", out _);
}
