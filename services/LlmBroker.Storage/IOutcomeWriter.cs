using LlmBroker.Contracts.V1;
using Npgsql;

namespace LlmBroker.Storage;

/// <summary>
/// Writes a batch of outcomes into one sink table inside the caller's transaction, in a constant
/// number of round trips (binary COPY into a temporary table, then one INSERT ... SELECT).
/// Idempotent: an outcome already written (same request_id) is skipped, because upstream delivery
/// is at-least-once. The caller stores its consumer offsets in the same transaction.
/// </summary>
public interface IOutcomeWriter
{
    /// <summary>
    /// Writes <paramref name="outcomes"/>; returns how many rows were newly written (duplicates and
    /// outcomes the writer does not store are not counted).
    /// </summary>
    Task<int> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<Outcome> outcomes,
        CancellationToken cancellationToken);
}
