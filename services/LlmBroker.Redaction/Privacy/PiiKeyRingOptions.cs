namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// Keys that encrypt the PII mappings, section <c>PiiKeys</c>. Every worker (redactor, router,
/// validator) needs the same ring. Rotation: add the new key everywhere, then make it active, then
/// drop the old key once no message encrypted with it can still be in flight.
/// </summary>
/// <remarks>
/// From the environment: <c>PiiKeys__ActiveKeyId=k2</c>, <c>PiiKeys__Keys__0__Id=k1</c>,
/// <c>PiiKeys__Keys__0__Material=&lt;base64&gt;</c>, <c>PiiKeys__Keys__1__Id=k2</c>, ... Key material
/// is never logged.
/// </remarks>
public sealed class PiiKeyRingOptions
{
    /// <summary>Configuration section: <c>PiiKeys</c>.</summary>
    public const string SectionName = "PiiKeys";

    /// <summary>Id of the key that encrypts new mappings. Required; no default.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>The keys: all of them decrypt, only the active one encrypts. Default: none.</summary>
    public List<PiiKeyOptions> Keys { get; set; } = [];

    /// <inheritdoc/>
    public override string ToString() => $"PiiKeyRingOptions(ActiveKeyId={ActiveKeyId}, Keys=[{string.Join(", ", Keys.Select(k => k.Id))}])";
}

/// <summary>One key of the ring.</summary>
public sealed class PiiKeyOptions
{
    /// <summary>Key id recorded with each mapping: 1 to 64 letters, digits, '-', '_' or '.'. Required.</summary>
    public string? Id { get; set; }

    /// <summary>32 random bytes (AES-256) in base64, e.g. from <c>openssl rand -base64 32</c>. Required.</summary>
    public string? Material { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"PiiKey({Id})";
}
