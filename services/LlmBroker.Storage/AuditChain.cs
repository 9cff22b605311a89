using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LlmBroker.Storage;

/// <summary>The link hash of the audit chain (see migration 0006 and docs/adr/0009-audit-hash-chain.md).</summary>
public static class AuditChain
{
    /// <summary>The prev_hash of a chain's first row: SHA-256 of the UTF-8 chain name.</summary>
    public static byte[] Genesis(string chain) => SHA256.HashData(Encoding.UTF8.GetBytes(chain));

    /// <summary>SHA-256(prev_hash || int8 big-endian chain_seq || content digest).</summary>
    public static byte[] Link(byte[] previousHash, long seq, byte[] contentDigest)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(contentDigest);
        Span<byte> buffer = stackalloc byte[previousHash.Length + 8 + contentDigest.Length];
        previousHash.CopyTo(buffer);
        BinaryPrimitives.WriteInt64BigEndian(buffer[previousHash.Length..], seq);
        contentDigest.CopyTo(buffer[(previousHash.Length + 8)..]);
        return SHA256.HashData(buffer);
    }
}
