using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Sinks;

/// <summary>How the router keeps its copy of the prices table.</summary>
public sealed class PriceBookOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Prices";

    /// <summary>How often the prices table is reloaded. Default: 5 minutes; 1 second to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
