using LlmBroker.Contracts.V1;
using Npgsql;

namespace LlmBroker.Storage;

/// <summary>
/// Writes a batch of outcomes into one sink table inside the caller's transaction, in a constant
/// number of round trips (the ledger and the audit log: a check for outcomes already written, a
/// binary COPY of the new rows, then the rollups or the chain heads).
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

/// <summary>
/// An <see cref="IOutcomeWriter"/> that can do the part of its work that needs no database (cleaning
/// text, rendering JSON) ahead, while earlier batches are written.
/// </summary>
public interface IPreparingOutcomeWriter : IOutcomeWriter
{
    /// <summary>Turns <paramref name="outcomes"/> into rows; depends on nothing written before.</summary>
    object Prepare(IReadOnlyList<Outcome> outcomes);

    /// <summary>Writes rows made by <see cref="Prepare"/> (again, after a transaction that failed); returns the number of new rows.</summary>
    Task<int> WritePreparedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, object prepared, CancellationToken cancellationToken);
}
