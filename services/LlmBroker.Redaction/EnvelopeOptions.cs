using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Redaction;

/// <summary>Limits a prompt request must respect to enter the pipeline.</summary>
public sealed class EnvelopeOptions
{
    /// <summary>Configuration section: <c>Envelope</c>.</summary>
    public const string SectionName = "Envelope";

    /// <summary>Most chat messages in one request. Default: 512.</summary>
    [Range(1, 100_000)]
    public int MaxMessages { get; set; } = 512;

    /// <summary>Most characters of message content in one request. Default: 1,000,000.</summary>
    [Range(1, 100_000_000)]
    public int MaxContentChars { get; set; } = 1_000_000;

    /// <summary>Most tags on one request. Default: 64.</summary>
    [Range(0, 10_000)]
    public int MaxTags { get; set; } = 64;

    /// <summary>Longest tag key or value. Default: 256.</summary>
    [Range(1, 100_000)]
    public int MaxTagLength { get; set; } = 256;

    /// <summary>Furthest a deadline may lie in the future. Default: 7 days.</summary>
    public TimeSpan MaxDeadlineAhead { get; set; } = TimeSpan.FromDays(7);
}
