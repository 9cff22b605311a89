using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace LlmBroker.Governance;

/// <summary>
/// Generates API keys and protects what is stored about them: a peppered hash of the key and the
/// AES-256-GCM encrypted signing key.
/// </summary>
public sealed class KeyMaterial
{
    /// <summary>Prefix of every API key.</summary>
    public const string ApiKeyPrefix = "lbk_";

    /// <summary>Prefix of every key id.</summary>
    public const string KeyIdPrefix = "key_";

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private readonly byte[] _masterKey;
    private readonly byte[] _pepper;

    /// <summary>Key material from base64 master key and pepper (see <see cref="GovernanceOptions"/>).</summary>
    public KeyMaterial(string masterKeyBase64, string masterKeyId, string pepperBase64)
    {
        if (!TryDecodeBase64(masterKeyBase64, out _masterKey) || _masterKey.Length != 32)
        {
            throw new ArgumentException("The master key must be the base64 of 32 bytes.", nameof(masterKeyBase64));
        }

        if (!TryDecodeBase64(pepperBase64, out _pepper) || _pepper.Length < 16)
        {
            throw new ArgumentException("The pepper must be the base64 of at least 16 bytes.", nameof(pepperBase64));
        }

        MasterKeyId = masterKeyId;
    }

    /// <summary>Id of the master key that encrypts new signing keys.</summary>
    public string MasterKeyId { get; }

    /// <summary>A new API key: <c>lbk_</c> and 32 random bytes (256 bits) in base64url.</summary>
    public static string NewApiKey() => ApiKeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new public key id: <c>key_</c> and 16 hex digits.</summary>
    public static string NewKeyId() => KeyIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>HMAC-SHA256(pepper, api_key): what the api_keys table stores instead of the key.</summary>
    public byte[] HashApiKey(string apiKey) => HMACSHA256.HashData(_pepper, Encoding.UTF8.GetBytes(apiKey));

    /// <summary>Encrypts a signing key: nonce (12) || ciphertext || tag (16), the key id as associated data.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> signingKey, string keyId)
    {
        var output = new byte[NonceLength + signingKey.Length + TagLength];
        var nonce = output.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_masterKey, TagLength);
        aes.Encrypt(nonce, signingKey, output.AsSpan(NonceLength, signingKey.Length), output.AsSpan(NonceLength + signingKey.Length), Encoding.UTF8.GetBytes(keyId));
        return output;
    }

    /// <summary>Decrypts what <see cref="Encrypt"/> produced; throws when it was tampered with.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> cipher, string keyId)
    {
        var length = cipher.Length - NonceLength - TagLength;
        var plain = new byte[length];
        using var aes = new AesGcm(_masterKey, TagLength);
        aes.Decrypt(cipher[..NonceLength], cipher.Slice(NonceLength, length), cipher[(NonceLength + length)..], plain, Encoding.UTF8.GetBytes(keyId));
        return plain;
    }

    /// <summary>A fresh random value for a master key or pepper, in base64.</summary>
    public static string NewSecretBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    internal static bool TryDecodeBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(text.Trim());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
