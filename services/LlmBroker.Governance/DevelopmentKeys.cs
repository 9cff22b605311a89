namespace LlmBroker.Governance;

/// <summary>
/// The master key and pepper the single-process development stack (<c>llmbroker dev</c>,
/// <c>llmbroker demo</c>) uses when none is configured. They are public (they are in this source
/// file), so they protect nothing: a redactor that runs with them logs a warning at start.
/// Deployments set <c>Authentication__MasterKey</c> and <c>Authentication__KeyPepper</c>.
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>DEVELOPMENT ONLY: base64 of the 32 ASCII bytes <c>llmbroker-development-master-key</c>.</summary>
    public const string MasterKey = "bGxtYnJva2VyLWRldmVsb3BtZW50LW1hc3Rlci1rZXk=";

    /// <summary>DEVELOPMENT ONLY: base64 of the 32 ASCII bytes <c>llmbroker-development-key-pepper</c>.</summary>
    public const string KeyPepper = "bGxtYnJva2VyLWRldmVsb3BtZW50LWtleS1wZXBwZXI=";

    /// <summary>Whether <paramref name="masterKey"/> or <paramref name="keyPepper"/> is the development default.</summary>
    public static bool AreUsed(string? masterKey, string? keyPepper) =>
        string.Equals(masterKey?.Trim(), MasterKey, StringComparison.Ordinal) || string.Equals(keyPepper?.Trim(), KeyPepper, StringComparison.Ordinal);
}
