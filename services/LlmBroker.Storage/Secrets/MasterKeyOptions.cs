namespace LlmBroker.Storage.Secrets;

/// <summary>
/// The master keys that encrypt secrets at rest (configuration section <c>Secrets</c>). Keys come from
/// configuration (<c>Secrets:MasterKeys:&lt;id&gt;</c>, e.g. the environment variable
/// <c>Secrets__MasterKeys__k2026a</c>), from <see cref="MasterKeyFile"/>, or from the environment
/// variable <c>LLMBROKER_MASTER_KEY</c> (<c>id:base64</c>, or bare base64 for the id <c>default</c>). Each key is 32 random bytes in base64.
/// </summary>
public sealed class MasterKeyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Secrets";

    /// <summary>The environment variable holding one key as <c>id:base64</c> (or bare base64: id <c>default</c>).</summary>
    public const string EnvironmentVariable = "LLMBROKER_MASTER_KEY";

    /// <summary>Master keys by id.</summary>
    public Dictionary<string, string> MasterKeys { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A file with one key per line as <c>id=base64</c> (<c>#</c> starts a comment); its first key is
    /// the active one unless <see cref="ActiveKeyId"/> says otherwise.
    /// </summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>The key new secrets are encrypted with; every configured key can still decrypt.</summary>
    public string? ActiveKeyId { get; set; }
}
