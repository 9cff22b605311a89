using System.Collections.Frozen;
using System.Security.Cryptography;
using Google.Protobuf;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;

namespace LlmBroker.Redaction.Privacy;

/// <summary>Seals a request's PII mapping into its <see cref="RedactedRequest"/> and opens it again.</summary>
public sealed class PiiVault(PiiKeyRing keyRing)
{
    private static readonly IReadOnlyDictionary<string, string> s_empty = FrozenDictionary<string, string>.Empty;

    /// <summary>Encrypts <paramref name="mapping"/> with the active key into <paramref name="target"/>.</summary>
    public void Seal(RedactedRequest target, PiiMapping mapping)
    {
        var requestId = target.Request?.RequestId ?? throw new ArgumentException("redacted request without a request", nameof(target));
        var ciphertext = keyRing.Encrypt(mapping.ToByteArray(), requestId);
        target.PiiMapping = UnsafeByteOperations.UnsafeWrap(ciphertext);
        target.PiiKeyId = keyRing.ActiveKeyId;
    }

    /// <summary>The mapping (placeholder key, e.g. <c>PERSON_1</c> → value) of <paramref name="request"/>; empty when it has none.</summary>
    /// <exception cref="PoisonMessageException">The mapping does not decrypt: unknown key, another request's mapping, or tampered bytes.</exception>
    public IReadOnlyDictionary<string, string> Open(RedactedRequest request)
    {
        if (request.PiiMapping.IsEmpty)
        {
            return s_empty;
        }

        var requestId = request.Request?.RequestId ?? "";
        byte[] plaintext;
        try
        {
            plaintext = keyRing.Decrypt(request.PiiKeyId, request.PiiMapping.Span, requestId);
        }
        catch (CryptographicException e)
        {
            // The exception text names the key id or the failure, never key material or values.
            throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, $"PII mapping does not decrypt: {e.Message}");
        }

        var mapping = PiiMapping.Parser.ParseFrom(plaintext);
        var entries = new Dictionary<string, string>(mapping.Entries.Count, StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            entries[entry.Placeholder] = entry.Value;
        }

        return entries;
    }
}
