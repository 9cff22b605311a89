namespace LlmBroker.Validation;

/// <summary>Output validation and the repair loop (configuration section <c>Validation</c>).</summary>
internal sealed class ValidationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Validation";

    /// <summary>Times the model is re-asked with the validation errors before the request fails validation. Default: 2.</summary>
    public int MaxRepairAttempts { get; set; } = 2;

    /// <summary>
    /// Most the repairs of one request may cost, in USD. A repair starts only when the repairs so far
    /// plus the cost of the rejected answer (the estimate of the next one) stay within it. Default: 0.05.
    /// </summary>
    public decimal MaxRepairCostUsd { get; set; } = 0.05m;

    /// <summary>Rules for every app. Default: none.</summary>
    public OutputRuleOptions Default { get; set; } = new();

    /// <summary>Rules per app name, added to <see cref="Default"/> (lists add up; set values replace). Default: none.</summary>
    public Dictionary<string, OutputRuleOptions> Apps { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One set of output rules.</summary>
internal sealed class OutputRuleOptions
{
    /// <summary>Longest accepted answer in characters. Default: no limit.</summary>
    public int? MaxLength { get; set; }

    /// <summary>.NET regular expressions the answer must match. Default: none.</summary>
    public List<string> RequiredPatterns { get; set; } = [];

    /// <summary>.NET regular expressions the answer must not match. Default: none.</summary>
    public List<string> ForbiddenPatterns { get; set; } = [];

    /// <summary>Words or phrases the answer must not contain (case-insensitive, whole words). Default: none.</summary>
    public List<string> BannedTerms { get; set; } = [];

    /// <summary>Reject answers that refuse the task. Default: off.</summary>
    public bool? DetectRefusal { get; set; }

    /// <summary>ISO 639-1 code of the language answers must be in. Default: any.</summary>
    public string? ExpectedLanguage { get; set; }

    /// <summary>Check quotes and numbers against the request's source documents when it has some. Default: on.</summary>
    public bool? Grounding { get; set; }
}
