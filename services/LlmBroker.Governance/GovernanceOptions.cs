using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Governance;

/// <summary>How the redactor authenticates requests and where it finds its key material.</summary>
public sealed class GovernanceOptions : IValidatableObject
{
    /// <summary>Configuration section: <c>Authentication</c>.</summary>
    public const string SectionName = "Authentication";

    /// <summary>
    /// <see cref="AuthenticationModes.Signed"/> (default: every request is authenticated as its app
    /// requires) or <see cref="AuthenticationModes.Disabled"/> (development only; logs a warning).
    /// </summary>
    public string Mode { get; set; } = AuthenticationModes.Signed;

    /// <summary>How far a signature's timestamp may lie from the redactor's clock. Default: 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often apps, keys and templates are checked for changes. Default: 5 seconds.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Base64 of the 32-byte AES-256 master key that encrypts signing keys at rest (read from the
    /// environment variable <c>Authentication__MasterKey</c> or a secrets file). Required in Signed mode.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>Id recorded next to each encrypted signing key (for master key rotation). Default: <c>m1</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string MasterKeyId { get; set; } = "m1";

    /// <summary>
    /// Base64 of the pepper (at least 16 bytes) of the API key hashes (environment variable
    /// <c>Authentication__KeyPepper</c>). Required in Signed mode.
    /// </summary>
    public string? KeyPepper { get; set; }

    /// <summary>Signed requests remembered for replay detection. Default: 200,000.</summary>
    [Range(1, 100_000_000)]
    public int ReplayCacheCapacity { get; set; } = 200_000;

    /// <summary>Whether authentication is on.</summary>
    public bool IsEnabled => !string.Equals(Mode, AuthenticationModes.Disabled, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AuthenticationModes.IsKnown(Mode))
        {
            yield return new ValidationResult($"Authentication:Mode '{Mode}' is not one of {AuthenticationModes.Signed}, {AuthenticationModes.Disabled}.", [nameof(Mode)]);
        }

        if (ClockSkew <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Authentication:ClockSkew must be positive.", [nameof(ClockSkew)]);
        }

        if (RefreshInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Authentication:RefreshInterval must be positive.", [nameof(RefreshInterval)]);
        }

        if (IsEnabled || MasterKey is not null)
        {
            if (!KeyMaterial.TryDecodeBase64(MasterKey, out var master) || master.Length != 32)
            {
                yield return new ValidationResult("Authentication:MasterKey must be the base64 of 32 bytes.", [nameof(MasterKey)]);
            }
        }

        if (IsEnabled || KeyPepper is not null)
        {
            if (!KeyMaterial.TryDecodeBase64(KeyPepper, out var pepper) || pepper.Length < 16)
            {
                yield return new ValidationResult("Authentication:KeyPepper must be the base64 of at least 16 bytes.", [nameof(KeyPepper)]);
            }
        }
    }
}

/// <summary>Names of the authentication modes.</summary>
public static class AuthenticationModes
{
    /// <summary>Every request is authenticated (signature or trusted Kafka principal) and authorized.</summary>
    public const string Signed = "Signed";

    /// <summary>No authentication or authorization. Development and tests only.</summary>
    public const string Disabled = "Disabled";

    /// <summary>Whether <paramref name="mode"/> names a mode.</summary>
    public static bool IsKnown(string? mode) =>
        string.Equals(mode, Signed, StringComparison.OrdinalIgnoreCase) || string.Equals(mode, Disabled, StringComparison.OrdinalIgnoreCase);
}

/// <summary>How an app proves its requests are its own.</summary>
public static class AppAuthModes
{
    /// <summary>Requests carry an HMAC signature made with one of the app's API keys.</summary>
    public const string Signed = "signed";

    /// <summary>
    /// Requests carry the <see cref="GovernanceHeaders.Principal"/> header, set by the trusted producer
    /// proxy (the only principal Kafka ACLs allow to write the request topics).
    /// </summary>
    public const string KafkaPrincipal = "kafka_principal";
}

/// <summary>Kafka headers read by the redactor's authentication.</summary>
public static class GovernanceHeaders
{
    /// <summary>The authenticated Kafka (SASL) principal of the producer, set by the trusted producer proxy.</summary>
    public const string Principal = "lb-principal";
}
