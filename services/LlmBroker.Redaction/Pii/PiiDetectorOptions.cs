namespace LlmBroker.Redaction.Pii;

/// <summary>Settings of <see cref="PiiDetector"/>: thresholds, phone regions and name lists.</summary>
public sealed class PiiDetectorOptions
{
    /// <summary>Configuration section: <c>Pii</c>.</summary>
    public const string SectionName = "Pii";

    /// <summary>
    /// Minimum score per entity type, from 0 to 1; a type not listed uses <see cref="DefaultThreshold"/>.
    /// Default: empty.
    /// </summary>
    public Dictionary<PiiEntityType, double> Thresholds { get; set; } = [];

    /// <summary>Minimum score for entity types without an entry in <see cref="Thresholds"/>. Default: 0.5.</summary>
    public double DefaultThreshold { get; set; } = 0.5;

    /// <summary>
    /// ISO 3166 regions whose national phone formats are recognised, in the order they are tried
    /// (numbers in international format are recognised for every region).
    /// Default: US, GB, DE, FR, IN, BR, JP, AU, NL, ES, IT, CA.
    /// </summary>
    public List<string> PhoneRegions { get; set; } = ["US", "GB", "DE", "FR", "IN", "BR", "JP", "AU", "NL", "ES", "IT", "CA"];

    /// <summary>Given names added to the built-in gazetteer. Default: empty.</summary>
    public List<string> GivenNames { get; set; } = [];

    /// <summary>Surnames added to the built-in gazetteer. Default: empty.</summary>
    public List<string> Surnames { get; set; } = [];

    /// <summary>
    /// Words never taken as part of a person's name (product or company names that look like
    /// names, for example). Default: empty.
    /// </summary>
    public List<string> NotNames { get; set; } = [];

    /// <summary>The threshold that applies to <paramref name="type"/>.</summary>
    public double ThresholdFor(PiiEntityType type) => Thresholds.TryGetValue(type, out var value) ? value : DefaultThreshold;
}
