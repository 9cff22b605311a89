using Npgsql;

namespace LlmBroker.Storage;

/// <summary>The first broken link of the audit log: where, what, and the expected and found values.</summary>
/// <param name="Chain">The chain (null for a row on no chain).</param>
/// <param name="RowId">audit_log.id of the offending row, or null when the chain's head disagrees with its last row.</param>
/// <param name="ChainSeq">Position of the offending row (or the head's) in the chain.</param>
/// <param name="Field">What disagrees: prev_hash, hash, chain_seq, chain or head.</param>
/// <param name="Expected">The expected value (hex for hashes).</param>
/// <param name="Found">The stored value.</param>
public sealed record AuditChainBreak(string? Chain, long? RowId, long? ChainSeq, string Field, string Expected, string Found);

/// <summary>Result of walking every audit chain.</summary>
/// <param name="RowsChecked">Rows whose links were checked (up to and including a broken one).</param>
/// <param name="Chains">Chains walked.</param>
/// <param name="FirstBreak">The first broken link, or null when every chain is intact.</param>
public sealed record AuditVerification(long RowsChecked, int Chains, AuditChainBreak? FirstBreak)
{
    /// <summary>True when no link is broken.</summary>
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Walks every chain of <c>audit_log</c> in position order, recomputing each row's content digest
/// (in PostgreSQL, with the same function the writer used) and link hash, and compares the last row
/// of each chain with <c>audit_chain_heads</c>. Stops at the first broken link. Rows are streamed,
/// so memory does not grow with the table.
/// </summary>
public static class AuditChainVerifier
{
    private const string RowsSql = $"""
        SELECT id, chain, chain_seq, prev_hash, hash, audit_log_digest({AuditLogWriter.DigestArguments})
        FROM audit_log
        ORDER BY chain NULLS FIRST, chain_seq, id
        """;

    private const string HeadsSql = "SELECT chain, last_seq, last_hash FROM audit_chain_heads ORDER BY chain";

    /// <summary>Verifies every chain.</summary>
    public static async Task<AuditVerification> VerifyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var heads = new SortedDictionary<string, (long Seq, byte[]? Hash)>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand(HeadsSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                heads[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2));
            }
        }

        var walk = new Walk(heads);
        await using (var command = dataSource.CreateCommand(RowsSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (walk.Break is null && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                walk.Check(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4),
                    reader.GetFieldValue<byte[]>(5));
            }
        }

        walk.Finish();
        return new AuditVerification(walk.Rows, walk.Chains, walk.Break);
    }

    private static string Hex(byte[]? value) => value is null ? "null" : Convert.ToHexStringLower(value);

    /// <summary>The state of the walk: the chain being followed and its last link.</summary>
    private sealed class Walk(SortedDictionary<string, (long Seq, byte[]? Hash)> heads)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private string? _chain;
        private long _seq;
        private byte[] _previous = [];

        public long Rows { get; private set; }

        public int Chains => _seen.Count;

        public AuditChainBreak? Break { get; private set; }

        public void Check(long id, string? chain, long? seq, byte[]? prevHash, byte[]? hash, byte[] digest)
        {
            Rows++;
            if (chain is null || seq is null)
            {
                Break = new AuditChainBreak(chain, id, seq, "chain", "a chain and a position", "none");
                return;
            }

            if (!string.Equals(chain, _chain, StringComparison.Ordinal))
            {
                EndChain();
                if (Break is not null)
                {
                    return;
                }

                _chain = chain;
                _seen.Add(chain);
                _seq = 0;
                _previous = AuditChain.Genesis(chain);
            }

            if (prevHash is null || !prevHash.AsSpan().SequenceEqual(_previous))
            {
                Break = new AuditChainBreak(chain, id, seq, "prev_hash", Hex(_previous), Hex(prevHash));
                return;
            }

            if (seq != _seq + 1)
            {
                Break = new AuditChainBreak(chain, id, seq, "chain_seq", (_seq + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), seq.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }

            var expected = AuditChain.Link(prevHash, seq.Value, digest);
            if (hash is null || !hash.AsSpan().SequenceEqual(expected))
            {
                Break = new AuditChainBreak(chain, id, seq, "hash", Hex(expected), Hex(hash));
                return;
            }

            _seq = seq.Value;
            _previous = hash;
        }

        public void Finish()
        {
            if (Break is not null)
            {
                return;
            }

            EndChain();
            if (Break is not null)
            {
                return;
            }

            // A head whose chain has no rows left: every row of the chain was removed.
            foreach (var (chain, head) in heads)
            {
                if (!_seen.Contains(chain) && head.Seq > 0)
                {
                    Break = new AuditChainBreak(chain, null, head.Seq, "head", $"{head.Seq} rows ending in {Hex(head.Hash)}", "no rows");
                    return;
                }
            }
        }

        /// <summary>The chain just walked must end where its head says (rows removed from the end otherwise).</summary>
        private void EndChain()
        {
            if (_chain is null)
            {
                return;
            }

            if (!heads.TryGetValue(_chain, out var head) || head.Seq != _seq || head.Hash is null || !head.Hash.AsSpan().SequenceEqual(_previous))
            {
                Break = new AuditChainBreak(
                    _chain,
                    null,
                    _seq,
                    "head",
                    heads.TryGetValue(_chain, out var h) ? $"last row {h.Seq} with hash {Hex(h.Hash)}" : "a head",
                    $"last row {_seq} with hash {Hex(_previous)}");
            }
        }
    }
}
