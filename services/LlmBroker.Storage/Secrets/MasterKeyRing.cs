using System.Security.Cryptography;
using System.Text;

namespace LlmBroker.Storage.Secrets;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM under the active master key and decrypts them under any
/// configured key, so master keys can be rotated: add a new key, make it active, re-encrypt, retire
/// the old one. A sealed value records the id of its key. Key material never appears in messages.
/// </summary>
/// <remarks>
/// Sealed layout: version (1 byte, 1) · key id length (1 byte) · key id (UTF-8) · nonce (12 bytes) ·
/// tag (16 bytes) · ciphertext. The associated data binds a value to its use (e.g. its row), so a
/// sealed value copied elsewhere does not decrypt.
/// </remarks>
public sealed class MasterKeyRing
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>A ring of <paramref name="keys"/> (id → 32 bytes) that seals with <paramref name="activeKeyId"/>.</summary>
    public MasterKeyRing(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var errors = Validate(keys, activeKeyId);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid master keys: " + string.Join("; ", errors));
        }

        _keys = keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
        ActiveKeyId = activeKeyId;
    }

    /// <summary>The id of the key new values are sealed with.</summary>
    public string ActiveKeyId { get; }

    /// <summary>Ids of every key that can open values.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Builds the ring from options and this process's <c>LLMBROKER_MASTER_KEY</c>, listing every problem at once.</summary>
    /// <exception cref="InvalidOperationException">The options name no usable key, or some are malformed.</exception>
    public static MasterKeyRing Create(MasterKeyOptions options) =>
        Create(options, Environment.GetEnvironmentVariable(MasterKeyOptions.EnvironmentVariable));

    /// <summary>Builds the ring from options and <paramref name="environmentKey"/> (<c>id:base64</c>), listing every problem at once.</summary>
    /// <exception cref="InvalidOperationException">The options name no usable key, or some are malformed.</exception>
    public static MasterKeyRing Create(MasterKeyOptions options, string? environmentKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? firstFromFile = null;

        void Add(string source, string id, string base64)
        {
            id = id.Trim();
            if (id.Length == 0)
            {
                errors.Add($"{source}: the key id is empty");
                return;
            }

            try
            {
                var bytes = Convert.FromBase64String(base64.Trim());
                if (bytes.Length != 32)
                {
                    errors.Add($"{source}: key '{id}' is {bytes.Length} bytes; it must be 32 (base64 of 32 random bytes)");
                    return;
                }

                if (!keys.TryAdd(id, bytes) && !keys[id].AsSpan().SequenceEqual(bytes))
                {
                    errors.Add($"{source}: key '{id}' is defined twice with different values");
                }
            }
            catch (FormatException)
            {
                errors.Add($"{source}: key '{id}' is not valid base64");
            }
        }

        foreach (var (id, value) in options.MasterKeys)
        {
            Add($"Secrets:MasterKeys:{id}", id, value ?? "");
        }

        if (options.MasterKeyFile is { Length: > 0 } file)
        {
            if (!File.Exists(file))
            {
                errors.Add($"Secrets:MasterKeyFile: {file} does not exist");
            }
            else
            {
                var number = 0;
                foreach (var raw in File.ReadLines(file))
                {
                    number++;
                    var line = raw.Trim();
                    if (line.Length == 0 || line[0] == '#')
                    {
                        continue;
                    }

                    var equals = line.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        errors.Add($"{file} line {number}: expected id=base64");
                        continue;
                    }

                    var id = line[..equals].Trim();
                    firstFromFile ??= id;
                    Add($"{file} line {number}", id, line[(equals + 1)..]);
                }
            }
        }

        if (environmentKey is { Length: > 0 } variable)
        {
            // id:base64, or the bare base64 key (then its id is "default").
            var colon = variable.IndexOf(':', StringComparison.Ordinal);
            var (id, value) = colon < 0 ? ("default", variable) : (variable[..colon], variable[(colon + 1)..]);
            if (colon == 0)
            {
                errors.Add($"{MasterKeyOptions.EnvironmentVariable}: expected id:base64 or base64");
            }
            else
            {
                firstFromFile ??= id.Trim();
                Add(MasterKeyOptions.EnvironmentVariable, id, value);
            }
        }

        var active = options.ActiveKeyId is { Length: > 0 } chosen ? chosen : firstFromFile ?? (keys.Count == 1 ? keys.Keys.First() : null);
        if (keys.Count == 0 && errors.Count == 0)
        {
            errors.Add($"no master key configured: set {MasterKeyOptions.EnvironmentVariable}=id:base64 (32 random bytes, e.g. `openssl rand -base64 32`), Secrets:MasterKeys:<id> or Secrets:MasterKeyFile");
        }
        else if (active is null && keys.Count > 1)
        {
            errors.Add("Secrets:ActiveKeyId: several master keys are configured; name the active one");
        }

        errors.AddRange(active is null ? [] : Validate(keys, active).Where(e => keys.Count > 0));
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid master keys:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Distinct().Select(e => "  - " + e)));
        }

        return new MasterKeyRing(keys, active!);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under the active key, bound to <paramref name="associatedData"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var id = Encoding.UTF8.GetBytes(ActiveKeyId);
        var sealedValue = new byte[2 + id.Length + NonceSize + TagSize + plaintext.Length];
        sealedValue[0] = Version;
        sealedValue[1] = (byte)id.Length;
        id.CopyTo(sealedValue, 2);
        var offset = 2 + id.Length;
        var nonce = sealedValue.AsSpan(offset, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[ActiveKeyId], TagSize);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(offset + NonceSize + TagSize), sealedValue.AsSpan(offset + NonceSize, TagSize), associatedData);
        return sealedValue;
    }

    /// <summary>Encrypts a string (UTF-8).</summary>
    public byte[] Seal(string plaintext, string associatedData) =>
        Seal(Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(associatedData));

    /// <summary>Decrypts a value sealed under any key of the ring.</summary>
    /// <exception cref="CryptographicException">The value is malformed, tampered with, bound to other data or sealed under an unknown key.</exception>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData)
    {
        var id = KeyIdOf(sealedValue);
        if (!_keys.TryGetValue(id, out var key))
        {
            throw new CryptographicException($"the value was sealed with master key '{id}', which is not configured");
        }

        var offset = 2 + sealedValue[1];
        var plaintext = new byte[sealedValue.Length - offset - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue.Slice(offset, NonceSize), sealedValue[(offset + NonceSize + TagSize)..], sealedValue.Slice(offset + NonceSize, TagSize), plaintext, associatedData);
        return plaintext;
    }

    /// <summary>Decrypts a string sealed with <see cref="Seal(string, string)"/>.</summary>
    public string Open(byte[] sealedValue, string associatedData) =>
        Encoding.UTF8.GetString(Open(sealedValue, Encoding.UTF8.GetBytes(associatedData)));

    /// <summary>The id of the key <paramref name="sealedValue"/> was sealed with.</summary>
    /// <exception cref="CryptographicException">The value is not a sealed value of this format.</exception>
    public static string KeyIdOf(ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < 2 || sealedValue[0] != Version || sealedValue.Length < 2 + sealedValue[1] + NonceSize + TagSize)
        {
            throw new CryptographicException("not a sealed value (unknown version or truncated)");
        }

        return Encoding.UTF8.GetString(sealedValue.Slice(2, sealedValue[1]));
    }

    /// <summary>A new random master key in base64, for <c>llmbroker admin master-key new</c> and tests.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static List<string> Validate(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        var errors = new List<string>();
        foreach (var (id, key) in keys)
        {
            if (key.Length != 32)
            {
                errors.Add($"key '{id}' is {key.Length} bytes; it must be 32");
            }

            if (Encoding.UTF8.GetByteCount(id) is 0 or > 255)
            {
                errors.Add($"key id '{id}' must be 1 to 255 bytes");
            }
        }

        if (!keys.ContainsKey(activeKeyId))
        {
            errors.Add($"the active key '{activeKeyId}' is not configured");
        }

        return errors;
    }

    /// <summary>Never prints key material.</summary>
    public override string ToString() => $"MasterKeyRing(active={ActiveKeyId}, keys={string.Join(",", _keys.Keys)})";
}
