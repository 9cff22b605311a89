namespace LlmBroker.FakeProvider;

/// <summary>Counters of a fake provider since start or the last <see cref="FakeProviderServer.ResetStats"/>.</summary>
/// <param name="Requests">Provider requests received (admin calls excluded).</param>
/// <param name="InFlight">Requests being handled right now.</param>
/// <param name="MaxInFlight">Highest <paramref name="InFlight"/> seen.</param>
/// <param name="Aborted">Requests that ended without a complete response (client gave up, timeout, stream cut).</param>
/// <param name="ByStatus">Completed responses by HTTP status code.</param>
public sealed record FakeProviderStats(
    long Requests,
    long InFlight,
    long MaxInFlight,
    long Aborted,
    IReadOnlyDictionary<int, long> ByStatus);
