using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Contracts;

/// <summary>
/// Signs and verifies prompt requests (HMAC-SHA256). The exact byte layout is specified in the README
/// ("Signing requests") so producers in any language can sign:
/// <code>
/// signing_key   = HMAC-SHA256(key = UTF-8(api_key), message = UTF-8("llmbroker-signing-v1"))
/// signing_input = UTF-8("LLMB1-HMAC-SHA256\n" + key_id + "\n" + signed_at_unix_ms + "\n") || canonical_bytes
/// signature     = HMAC-SHA256(key = signing_key, message = signing_input)
/// </code>
/// where <c>canonical_bytes</c> is the protobuf binary encoding of the request without its
/// <c>signature</c> (17) and <c>times</c> (16) fields, known fields in ascending field number, map
/// entries (<c>tags</c>, <c>template.variables</c>) in ascending byte order of their UTF-8 keys.
/// </summary>
public static class RequestSigning
{
    /// <summary>The first line of every signing input; names the scheme and its version.</summary>
    public const string Scheme = "LLMB1-HMAC-SHA256";

    /// <summary>Context string of the signing key derivation.</summary>
    public const string SigningKeyContext = "llmbroker-signing-v1";

    /// <summary>Length of a signing key and of a signature, in bytes.</summary>
    public const int KeyLength = 32;

    private static readonly byte[] s_context = Encoding.UTF8.GetBytes(SigningKeyContext);

    /// <summary>The signing key of an API key (the only secret a signer needs besides the key id).</summary>
    public static byte[] DeriveSigningKey(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKey), s_context);
    }

    /// <summary>
    /// Signs <paramref name="request"/> in place: sets its <c>signature</c> field. Puts the request's map
    /// entries in canonical order as a side effect.
    /// </summary>
    public static void Sign(PromptRequest request, string keyId, ReadOnlySpan<byte> signingKey, DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var millis = signedAt.ToUnixTimeMilliseconds();
        var signature = Compute(request, keyId, millis, signingKey);
        request.Signature = new RequestSignature { KeyId = keyId, SignedAtUnixMs = millis, Signature = ByteString.CopyFrom(signature) };
    }

    /// <summary>
    /// Whether the request's signature was made with <paramref name="signingKey"/> (constant-time
    /// comparison). False when the request carries no signature.
    /// </summary>
    public static bool Verify(PromptRequest request, ReadOnlySpan<byte> signingKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Signature is not { } signature || signature.Signature.Length != KeyLength)
        {
            return false;
        }

        var expected = Compute(request, signature.KeyId, signature.SignedAtUnixMs, signingKey);
        return CryptographicOperations.FixedTimeEquals(expected, signature.Signature.Span);
    }

    /// <summary>The canonical bytes of a request (see the class summary). Leaves the request as it was, maps sorted.</summary>
    public static byte[] CanonicalBytes(PromptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signature = request.Signature;
        var times = request.Times;
        request.Signature = null;
        request.Times = null;
        try
        {
            SortByUtf8Key(request.Tags);
            if (request.Template is { } template)
            {
                SortByUtf8Key(template.Variables);
            }

            return request.ToByteArray();
        }
        finally
        {
            request.Signature = signature;
            request.Times = times;
        }
    }

    /// <summary>The bytes the HMAC is computed over.</summary>
    public static byte[] SigningInput(PromptRequest request, string keyId, long signedAtUnixMs)
    {
        var header = Header(keyId, signedAtUnixMs);
        var canonical = CanonicalBytes(request);
        var input = new byte[header.Length + canonical.Length];
        header.CopyTo(input, 0);
        canonical.CopyTo(input, header.Length);
        return input;
    }

    private static byte[] Compute(PromptRequest request, string keyId, long signedAtUnixMs, ReadOnlySpan<byte> signingKey)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);
        hmac.AppendData(Header(keyId, signedAtUnixMs));
        hmac.AppendData(CanonicalBytes(request));
        return hmac.GetHashAndReset();
    }

    private static byte[] Header(string keyId, long signedAtUnixMs) =>
        Encoding.UTF8.GetBytes(string.Concat(Scheme, "\n", keyId, "\n", signedAtUnixMs.ToString(CultureInfo.InvariantCulture), "\n"));

    private static void SortByUtf8Key(MapField<string, string> map)
    {
        if (map.Count < 2)
        {
            return;
        }

        string? previous = null;
        var sorted = true;
        foreach (var (key, _) in map)
        {
            if (previous is not null && Utf8Comparer.Instance.Compare(previous, key) > 0)
            {
                sorted = false;
                break;
            }

            previous = key;
        }

        if (sorted)
        {
            return;
        }

        // MapField keeps insertion order when it serializes: re-inserting in key order fixes the bytes.
        var entries = map.OrderBy(e => e.Key, Utf8Comparer.Instance).ToArray();
        map.Clear();
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }
    }

    private sealed class Utf8Comparer : IComparer<string>
    {
        public static readonly Utf8Comparer Instance = new();

        // UTF-16 ordinal order equals UTF-8 byte order except for surrogate pairs against U+E000..U+FFFF.
        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
    }
}
