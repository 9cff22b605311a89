namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// Keys that encrypt the PII mappings, section <c>Redaction:Keys</c>. Every worker (redactor, router,
/// validator) needs the same ring. Rotation: add the new key, make it active everywhere, drop the old
/// key once no message encrypted with it can still be in flight.
/// </summary>
/// <remarks>
/// From the environment: <c>Redaction__Keys__ActiveKeyId=k2</c>, <c>Redaction__Keys__Keys__k1=&lt;base64&gt;</c>,
/// <c>Redaction__Keys__Keys__k2=&lt;base64&gt;</c>. Key material is never logged.
/// </remarks>
public sealed class PiiKeyRingOptions
{
    /// <summary>Configuration section: <c>Redaction:Keys</c>.</summary>
    public const string SectionName = "Redaction:Keys";

    /// <summary>Id of the key that encrypts new mappings. Required; no default.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>
    /// Keys by id: 32 random bytes (AES-256) in base64. All of them decrypt; only the active one
    /// encrypts. Ids are 1 to 64 letters, digits, '-', '_' or '.'. Default: none.
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"PiiKeyRingOptions(ActiveKeyId={ActiveKeyId}, Keys=[{string.Join(", ", Keys.Keys)}])";
}
