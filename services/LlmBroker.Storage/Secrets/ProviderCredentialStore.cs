using System.Text;
using Npgsql;

namespace LlmBroker.Storage.Secrets;

/// <summary>A stored provider key as operators see it: never the key itself.</summary>
/// <param name="Id">Row id, used by <c>revoke</c>.</param>
/// <param name="Deployment">The deployment the key authenticates.</param>
/// <param name="Status"><c>active</c>, <c>retired</c> or <c>revoked</c>.</param>
/// <param name="Last4">The last four characters of the key.</param>
/// <param name="MasterKeyId">The master key that encrypts it.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="EndedAt">When it was retired or revoked.</param>
public sealed record ProviderCredentialInfo(long Id, string Deployment, string Status, string Last4, string MasterKeyId, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt);

/// <summary>A decrypted provider key. Its text form never shows the key.</summary>
public sealed class ProviderSecret(long id, string deployment, string value)
{
    /// <summary>Row id.</summary>
    public long Id { get; } = id;

    /// <summary>The deployment it authenticates.</summary>
    public string Deployment { get; } = deployment;

    /// <summary>The key itself: for the HTTP request only.</summary>
    public string Value { get; } = value;

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"provider key #{Id} of {Deployment}";
}

/// <summary>
/// Provider API keys in <c>provider_credentials</c>, encrypted with the <see cref="MasterKeyRing"/> and
/// bound to their deployment (a sealed key copied to another deployment's row does not decrypt).
/// </summary>
/// <param name="dataSource">A data source whose search_path is the storage schema.</param>
/// <param name="keys">The master keys.</param>
public sealed class ProviderCredentialStore(NpgsqlDataSource dataSource, MasterKeyRing keys)
{
    private readonly NpgsqlDataSource _dataSource = dataSource;
    private readonly MasterKeyRing _keys = keys;

    /// <summary>Adds an active key to <paramref name="deployment"/> (alongside its other active keys).</summary>
    public async Task<ProviderCredentialInfo> AddAsync(string deployment, string secret, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await InsertAsync(connection, deployment, secret, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Adds <paramref name="secret"/> as the deployment's active key and retires the keys that were
    /// active, in one transaction. Routers switch on their next refresh; calls already in flight finish
    /// with the key they were sent with.
    /// </summary>
    public async Task<(ProviderCredentialInfo Added, int Retired)> RotateAsync(string deployment, string secret, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var retire = new NpgsqlCommand(
            "UPDATE provider_credentials SET status = 'retired', retired_at = now(), updated_at = now() WHERE deployment = @deployment AND status = 'active'",
            connection, transaction);
        retire.Parameters.AddWithValue("deployment", deployment);
        var retired = await retire.ExecuteNonQueryAsync(cancellationToken);
        var added = await InsertAsync(connection, deployment, secret, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (added, retired);
    }

    /// <summary>Takes one key out of use now (for a leaked key). Returns false when no such usable key exists.</summary>
    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE provider_credentials SET status = 'revoked', revoked_at = now(), updated_at = now() WHERE id = @id AND status <> 'revoked'");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Every stored key's metadata, newest first; <paramref name="deployment"/> narrows it.</summary>
    public async Task<IReadOnlyList<ProviderCredentialInfo>> ListAsync(string? deployment, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT id, deployment, status, last4, master_key_id, created_at, coalesce(revoked_at, retired_at) FROM provider_credentials"
            + (deployment is null ? "" : " WHERE deployment = @deployment") + " ORDER BY id DESC");
        if (deployment is not null)
        {
            command.Parameters.AddWithValue("deployment", deployment);
        }

        var list = new List<ProviderCredentialInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ProviderCredentialInfo(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return list;
    }

    /// <summary>The active keys of every deployment, decrypted, oldest first.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ProviderSecret>>> LoadActiveAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT id, deployment, sealed_key FROM provider_credentials WHERE status = 'active' ORDER BY id");
        var byDeployment = new Dictionary<string, List<ProviderSecret>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var deployment = reader.GetString(1);
            var secret = _keys.Open(reader.GetFieldValue<byte[]>(2), AssociatedData(deployment));
            if (!byDeployment.TryGetValue(deployment, out var list))
            {
                byDeployment[deployment] = list = [];
            }

            list.Add(new ProviderSecret(id, deployment, secret));
        }

        return byDeployment.ToDictionary(d => d.Key, d => (IReadOnlyList<ProviderSecret>)d.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Re-encrypts every key not sealed under the active master key (after a master-key rotation), in
    /// one transaction. Returns the number of keys re-encrypted.
    /// </summary>
    public async Task<int> RewrapAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Id, string Deployment, byte[] Sealed)>();
        await using (var select = new NpgsqlCommand(
            "SELECT id, deployment, sealed_key FROM provider_credentials WHERE master_key_id <> @active FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("active", _keys.ActiveKeyId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
            }
        }

        foreach (var (id, deployment, sealedKey) in rows)
        {
            var data = Encoding.UTF8.GetBytes(AssociatedData(deployment));
            await using var update = new NpgsqlCommand(
                "UPDATE provider_credentials SET sealed_key = @sealed, master_key_id = @key, updated_at = now() WHERE id = @id", connection, transaction);
            update.Parameters.AddWithValue("sealed", _keys.Seal(_keys.Open(sealedKey, data), data));
            update.Parameters.AddWithValue("key", _keys.ActiveKeyId);
            update.Parameters.AddWithValue("id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private async Task<ProviderCredentialInfo> InsertAsync(NpgsqlConnection connection, string deployment, string secret, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        secret = secret.Trim();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO provider_credentials (deployment, status, sealed_key, master_key_id, last4) VALUES (@deployment, 'active', @sealed, @key, @last4) RETURNING id, created_at",
            connection);
        insert.Parameters.AddWithValue("deployment", deployment);
        insert.Parameters.AddWithValue("sealed", _keys.Seal(secret, AssociatedData(deployment)));
        insert.Parameters.AddWithValue("key", _keys.ActiveKeyId);
        var last4 = secret.Length >= 8 ? secret[^4..] : "";
        insert.Parameters.AddWithValue("last4", last4);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ProviderCredentialInfo(reader.GetInt64(0), deployment, "active", last4, _keys.ActiveKeyId, reader.GetFieldValue<DateTimeOffset>(1), null);
    }

    private static string AssociatedData(string deployment) => "provider_credentials:" + deployment;
}
