namespace LlmBroker.Validation;

/// <summary>Names of the output checks, as they appear in outcomes and results.</summary>
public static class ValidationChecks
{
    /// <summary>JSON mode: the answer parses as a JSON object.</summary>
    public const string JsonObject = "json_object";

    /// <summary>The answer is valid against the request's JSON schema.</summary>
    public const string JsonSchema = "json_schema";

    /// <summary>The answer is not longer than the limit.</summary>
    public const string MaxLength = "max_length";

    /// <summary>The answer matches every required pattern.</summary>
    public const string RequiredPatterns = "required_patterns";

    /// <summary>The answer matches no forbidden pattern.</summary>
    public const string ForbiddenPatterns = "forbidden_patterns";

    /// <summary>The answer contains no banned term.</summary>
    public const string BannedTerms = "banned_terms";

    /// <summary>The answer does not refuse the task.</summary>
    public const string Refusal = "refusal";

    /// <summary>The answer is in the expected language.</summary>
    public const string Language = "language";

    /// <summary>Quotes and numbers in the answer appear in the request's sources.</summary>
    public const string Grounding = "grounding";

    /// <summary>The request's own validation rules are valid (a failure here is not repaired).</summary>
    public const string Rules = "validation_rules";
}
