namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// PII policy per app and entity type, section <c>Redaction:Policies</c>. An app's rule overrides the
/// default rule entity by entity; the default rule overrides the built-in one.
/// </summary>
/// <remarks>
/// Built-in rule: pseudonymize every entity type except <c>Secret</c> and <c>UrlWithCredentials</c>,
/// which are masked; mask PII the output adds. Secrets are masked rather than blocked: a model never
/// needs a credential verbatim, masking keeps it off every topic (even encrypted) and out of the
/// result, and a batch job does not fail because a log excerpt held a token.
/// </remarks>
public sealed class PrivacyPolicyOptions
{
    /// <summary>Configuration section: <c>Redaction:Policies</c>.</summary>
    public const string SectionName = "Redaction:Policies";

    /// <summary>Rule for every app (<c>Redaction:Policies:Default</c>). Default: the built-in rule.</summary>
    public PrivacyPolicyRule Default { get; set; } = new();

    /// <summary>Rules by app name (<c>Redaction:Policies:Apps:&lt;app&gt;</c>). Default: none.</summary>
    public Dictionary<string, PrivacyPolicyRule> Apps { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One policy rule: an action per entity type, and what to do with new PII in the output.</summary>
public sealed class PrivacyPolicyRule
{
    /// <summary>
    /// Action by entity type name (<see cref="Pii.PiiEntityType"/>), e.g. <c>Email = Mask</c>; the
    /// actions are the names of <see cref="PiiAction"/>. Default: none (inherit).
    /// </summary>
    public Dictionary<string, string> Entities { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A name of <see cref="OutputPiiAction"/> (<c>Mask</c> or <c>Flag</c>). Default: inherit (built-in: Mask).</summary>
    public string? Output { get; set; }
}
