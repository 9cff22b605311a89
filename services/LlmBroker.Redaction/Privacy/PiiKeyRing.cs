using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// AES-GCM encryption of PII mappings with a ring of keys: the active key encrypts, every key
/// decrypts. The ciphertext is bound to the request id (associated data), so a mapping copied onto
/// another request does not decrypt. Layout: nonce (12 bytes) | tag (16) | ciphertext.
/// </summary>
public sealed class PiiKeyRing
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string AssociatedDataPrefix = "llmbroker.pii.v1:";
    private readonly FrozenDictionary<string, Key> _keys;
    private readonly Key _activeKey;

    /// <summary>Loads the ring from validated options.</summary>
    public PiiKeyRing(IOptions<PiiKeyRingOptions> options)
    {
        var value = options.Value;
        _keys = value.Keys.ToFrozenDictionary(
            k => k.Id ?? throw new ArgumentException("a key without an id"),
            k => new Key(DecodeKey(k.Material) ?? throw new ArgumentException($"key '{k.Id}' is not 32 bytes of base64")),
            StringComparer.Ordinal);
        ActiveKeyId = value.ActiveKeyId ?? throw new ArgumentException("no active key id");
        _activeKey = _keys.TryGetValue(ActiveKeyId, out var active) ? active : throw new ArgumentException($"active key '{ActiveKeyId}' is not in the ring");
    }

    /// <summary>Id of the key that encrypts.</summary>
    public string ActiveKeyId { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> with the active key for <paramref name="requestId"/>.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string requestId)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var length = AssociatedDataLength(requestId);
        Span<byte> aad = length <= 256 ? stackalloc byte[length] : new byte[length];
        WriteAssociatedData(requestId, aad);
        var aes = _activeKey.Rent();
        try
        {
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), aad);
        }
        finally
        {
            _activeKey.Return(aes);
        }

        return output;
    }

    /// <summary>Decrypts what <see cref="Encrypt"/> produced with key <paramref name="keyId"/>.</summary>
    /// <exception cref="CryptographicException">Unknown key, wrong request id, or tampered ciphertext.</exception>
    public byte[] Decrypt(string keyId, ReadOnlySpan<byte> ciphertext, string requestId)
    {
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"unknown PII key id '{keyId}'");
        }

        if (ciphertext.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("PII mapping is too short to be a ciphertext");
        }

        var plaintext = new byte[ciphertext.Length - NonceSize - TagSize];
        var length = AssociatedDataLength(requestId);
        Span<byte> aad = length <= 256 ? stackalloc byte[length] : new byte[length];
        WriteAssociatedData(requestId, aad);
        var aes = key.Rent();
        try
        {
            aes.Decrypt(ciphertext[..NonceSize], ciphertext[(NonceSize + TagSize)..], ciphertext.Slice(NonceSize, TagSize), plaintext, aad);
        }
        finally
        {
            key.Return(aes);
        }

        return plaintext;
    }

    /// <summary>The 32-byte key in <paramref name="base64"/>, or null when it is not one.</summary>
    internal static byte[]? DecodeKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[KeySize + 3];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeySize ? buffer[..KeySize] : null;
    }

    private static int AssociatedDataLength(string requestId) => AssociatedDataPrefix.Length + Encoding.UTF8.GetByteCount(requestId);

    private static void WriteAssociatedData(string requestId, Span<byte> destination)
    {
        var written = Encoding.ASCII.GetBytes(AssociatedDataPrefix, destination);
        Encoding.UTF8.GetBytes(requestId, destination[written..]);
    }

    // An AesGcm instance is not safe for concurrent use and costs more to create than one
    // encryption, so each key keeps a pool of them (at most one per concurrent caller).
    private sealed class Key(byte[] material)
    {
        private readonly ConcurrentBag<AesGcm> _pool = [];

        public AesGcm Rent() => _pool.TryTake(out var aes) ? aes : new AesGcm(material, TagSize);

        public void Return(AesGcm aes) => _pool.Add(aes);
    }
}
