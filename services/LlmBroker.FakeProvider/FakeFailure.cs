using System.Text.Json.Serialization;

namespace LlmBroker.FakeProvider;

/// <summary>The ways a fake provider request can fail.</summary>
public enum FakeFailureKind
{
    /// <summary>429 in the provider's error format, with a <c>Retry-After</c> header.</summary>
    [JsonStringEnumMemberName("rateLimited")] RateLimited,

    /// <summary>500 in the provider's error format.</summary>
    [JsonStringEnumMemberName("serverError")] ServerError,

    /// <summary>503 in the provider's error format.</summary>
    [JsonStringEnumMemberName("serviceUnavailable")] ServiceUnavailable,

    /// <summary>No response at all: the request hangs until the client aborts it (or the server stops).</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,

    /// <summary>200 with a body that is not valid JSON (or, when streaming, an SSE event that is not valid JSON).</summary>
    [JsonStringEnumMemberName("malformedBody")] MalformedBody,

    /// <summary>
    /// The connection is dropped part-way: after <see cref="FakeFailure.AfterChunks"/> SSE events when
    /// streaming, after half of the JSON body otherwise.
    /// </summary>
    [JsonStringEnumMemberName("streamCut")] StreamCut,

    /// <summary>400: OpenAI's <c>context_length_exceeded</c> or Anthropic's <c>invalid_request_error</c> "prompt is too long".</summary>
    [JsonStringEnumMemberName("contextLengthExceeded")] ContextLengthExceeded,

    /// <summary>400: the provider refused the content (OpenAI's <c>content_filter</c> code; Anthropic's invalid_request_error naming the content policy).</summary>
    [JsonStringEnumMemberName("contentFiltered")] ContentFiltered,
}

/// <summary>
/// One failure rule. A request fails with <see cref="Kind"/> when it matches the filters
/// (<see cref="Model"/>, <see cref="ApiKey"/>), wins the <see cref="Probability"/> roll and the rule
/// still has <see cref="Count"/> left. The first rule that fires wins.
/// </summary>
public sealed record FakeFailure
{
    /// <summary>How the request fails.</summary>
    public required FakeFailureKind Kind { get; init; }

    /// <summary>Chance (0..1) that a matching request fails, drawn from the seeded random source. Default 1.</summary>
    public double Probability { get; init; } = 1;

    /// <summary>
    /// How many more requests this rule fails before it is spent; <see langword="null"/> (the default) for no limit.
    /// When read back from <see cref="FakeBehavior.Failures"/> this is the number left.
    /// </summary>
    public int? Count { get; init; }

    /// <summary>Only requests for this model or Azure deployment (case-insensitive); <see langword="null"/> (default) for any.</summary>
    public string? Model { get; init; }

    /// <summary>Only requests sent with this API key; <see langword="null"/> (default) for any.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Value of the <c>Retry-After</c> header, in seconds, for <see cref="FakeFailureKind.RateLimited"/>. Default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>SSE events sent before the connection is dropped, for <see cref="FakeFailureKind.StreamCut"/>. Default 2.</summary>
    public int AfterChunks { get; init; } = 2;

    /// <summary>
    /// True to fail at once, before the configured latency (as a loaded endpoint rejects a request);
    /// false (the default) to fail after it, as an answer would arrive.
    /// </summary>
    public bool AtOnce { get; init; }

    internal IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            yield return $"failure kind {(int)Kind} is not defined";
        }

        if (Probability is < 0 or > 1 || double.IsNaN(Probability))
        {
            yield return $"failure probability must be within 0..1 (was {Probability})";
        }

        if (Count < 0)
        {
            yield return $"failure count must not be negative (was {Count})";
        }

        if (RetryAfterSeconds < 0)
        {
            yield return $"failure retryAfterSeconds must not be negative (was {RetryAfterSeconds})";
        }

        if (AfterChunks < 0)
        {
            yield return $"failure afterChunks must not be negative (was {AfterChunks})";
        }
    }
}
