using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Storage;

/// <summary>How long cached answers live. Bound from the <c>ResponseCache</c> configuration section.</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ResponseCache";

    /// <summary>
    /// How long an answer is served from the cache, counted from when it was produced (the outcome's
    /// completion time). Default 24 hours; between 1 second and 365 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(24);
}
