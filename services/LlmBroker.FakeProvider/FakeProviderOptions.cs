namespace LlmBroker.FakeProvider;

/// <summary>
/// Start-up settings of a <see cref="FakeProviderServer"/>. The behaviour settings are the initial values of
/// <see cref="FakeProviderServer.Behavior"/> and what <see cref="FakeBehavior.Reset"/> returns to.
/// </summary>
public sealed class FakeProviderOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Address to listen on. Default: 127.0.0.1 (loopback only); containers use 0.0.0.0 so that
    /// other containers can reach the fake.
    /// </summary>
    public System.Net.IPAddress BindAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>Delay before every answer. Default zero.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The delay varies uniformly within ± this much (never below zero). Default zero.</summary>
    public TimeSpan LatencyJitter { get; init; }

    /// <summary>Fixed answer text; <see langword="null"/> (the default) answers <c>"echo: " + last user message</c>.</summary>
    public string? Reply { get; init; }

    /// <summary>When not empty, requests must carry one of these keys or get 401. Default empty (any key, or none).</summary>
    public IReadOnlyList<string> RequiredApiKeys { get; init; } = [];

    /// <summary>Failure rules active from the start. Default none.</summary>
    public IReadOnlyList<FakeFailure> Failures { get; init; } = [];

    /// <summary>Seed of the random source used for failure probabilities and latency jitter. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How many received requests the log keeps (oldest dropped first); 0 disables the log. Default 100,000.</summary>
    public int MaxLoggedRequests { get; init; } = 100_000;

    /// <summary>
    /// Speak HTTP/2 without TLS (prior knowledge, "h2c") instead of HTTP/1.1: many calls share a
    /// connection, as with providers that negotiate HTTP/2 over TLS. Default false.
    /// </summary>
    public bool Http2 { get; init; }

    /// <summary>Model ids listed by <c>GET /v1/models</c>. Default <c>gpt-4o-mini</c>, <c>gpt-4o</c>.</summary>
    public IReadOnlyList<string> Models { get; init; } = ["gpt-4o-mini", "gpt-4o"];

    /// <summary>Clock for timestamps (<c>created</c>, request log). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535)
        {
            errors.Add($"port must be within 0..65535 (was {Port})");
        }

        if (Latency < TimeSpan.Zero)
        {
            errors.Add($"latency must not be negative (was {Latency.TotalMilliseconds} ms)");
        }

        if (LatencyJitter < TimeSpan.Zero)
        {
            errors.Add($"latency jitter must not be negative (was {LatencyJitter.TotalMilliseconds} ms)");
        }

        if (MaxLoggedRequests < 0)
        {
            errors.Add($"max logged requests must not be negative (was {MaxLoggedRequests})");
        }

        if (RequiredApiKeys.Any(string.IsNullOrEmpty))
        {
            errors.Add("required API keys must not be empty");
        }

        errors.AddRange(Failures.SelectMany(f => f.Validate()));
        return errors;
    }
}
