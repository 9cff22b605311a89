using System.Text.Json;
using Dapper;
using LlmBroker.Contracts;
using Npgsql;

using LlmBroker.Governance.Internal;

namespace LlmBroker.Governance;

/// <summary>
/// Reads and changes apps, API keys and prompt templates in PostgreSQL (the admin side). Every change
/// bumps <c>governance_revision</c>, which running redactors poll.
/// </summary>
public sealed class GovernanceStore(NpgsqlDataSource dataSource, KeyMaterial? keys = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Creates an app (and its tenant when new). Fails when the app exists.</summary>
    public async Task AddAppAsync(AppPolicy app, CancellationToken cancellationToken = default)
    {
        Check(app);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("INSERT INTO tenants (tenant) VALUES (@Tenant) ON CONFLICT DO NOTHING", new { app.Tenant }, tx).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO apps (tenant, app, allowed_models, allowed_lanes, rpm_limit, tpm_limit, monthly_budget_soft_usd,
                              monthly_budget_hard_usd, pii_policy, default_tags, auth_mode, kafka_principals)
            VALUES (@Tenant, @App, @Models, @Lanes, @RpmLimit, @TpmLimit, @MonthlyBudgetSoftUsd, @MonthlyBudgetHardUsd,
                    @PiiPolicy, @Tags::jsonb, @AuthMode, @Principals)
            """,
            Parameters(app),
            tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the policy of an existing app. Returns false when the app does not exist.</summary>
    public async Task<bool> UpdateAppAsync(AppPolicy app, CancellationToken cancellationToken = default)
    {
        Check(app);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(
            """
            UPDATE apps SET allowed_models = @Models, allowed_lanes = @Lanes, rpm_limit = @RpmLimit, tpm_limit = @TpmLimit,
                monthly_budget_soft_usd = @MonthlyBudgetSoftUsd, monthly_budget_hard_usd = @MonthlyBudgetHardUsd,
                pii_policy = @PiiPolicy, default_tags = @Tags::jsonb, auth_mode = @AuthMode, kafka_principals = @Principals,
                updated_at = now()
            WHERE tenant = @Tenant AND app = @App
            """,
            Parameters(app)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>One app, or null.</summary>
    public async Task<AppPolicy?> GetAppAsync(string tenant, string app, CancellationToken cancellationToken = default) =>
        (await QueryAppsAsync("WHERE tenant = @tenant AND app = @app", new { tenant, app }, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>Every app, ordered by tenant and name.</summary>
    public Task<IReadOnlyList<AppPolicy>> ListAppsAsync(CancellationToken cancellationToken = default) =>
        QueryAppsAsync("", null, cancellationToken);

    /// <summary>Creates an API key for an app. The returned key is the only copy.</summary>
    public async Task<CreatedApiKey> CreateKeyAsync(string tenant, string app, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var created = await InsertKeyAsync(connection, tx, tenant, app, expiresAt).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Keys of an app (or of every app when <paramref name="tenant"/> is null).</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string? tenant = null, string? app = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<KeyRow>(
            """
            SELECT key_id, tenant, app, last_four, created_at, expires_at, revoked_at, replaced_by, last_used_at
            FROM api_keys WHERE (@tenant::text IS NULL OR tenant = @tenant) AND (@app::text IS NULL OR app = @app)
            ORDER BY tenant, app, created_at
            """,
            new { tenant, app }).ConfigureAwait(false);
        return rows.Select(r => new ApiKeyInfo(r.key_id, r.tenant, r.app, r.last_four, r.created_at, r.expires_at, r.revoked_at, r.replaced_by, r.last_used_at)).ToList();
    }

    /// <summary>Revokes a key at once. Returns false when no such key is active.</summary>
    public async Task<bool> RevokeKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now, updated_at = now() WHERE key_id = @keyId AND revoked_at IS NULL",
            new { keyId, now = _time.GetUtcNow() }).ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>
    /// Creates a replacement key for the same app; the old key stays valid for <paramref name="grace"/>
    /// (or until its own expiry, when earlier), then is refused.
    /// </summary>
    public async Task<CreatedApiKey> RotateKeyAsync(string keyId, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var old = await connection.QuerySingleOrDefaultAsync<OwnerRow>(
            "SELECT tenant, app FROM api_keys WHERE key_id = @keyId AND revoked_at IS NULL FOR UPDATE",
            new { keyId },
            tx).ConfigureAwait(false) ?? throw new InvalidOperationException($"No active key {keyId}.");
        var created = await InsertKeyAsync(connection, tx, old.tenant, old.app, null).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), @graceEnd), replaced_by = @newId, updated_at = now()
            WHERE key_id = @keyId
            """,
            new { keyId, newId = created.KeyId, graceEnd = _time.GetUtcNow() + grace },
            tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Adds the next version of a template (1 for a new name) and returns its number.</summary>
    /// <exception cref="ArgumentException">A message is not a valid Liquid template or has an unknown role.</exception>
    public async Task<int> AddTemplateAsync(string name, IReadOnlyList<TemplateMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var errors = TemplateRenderer.Check(messages);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(messages));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Serializes version numbering per name.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('prompt_templates:' || @name))", new { name }, tx).ConfigureAwait(false);
        var version = await connection.ExecuteScalarAsync<int>(
            """
            INSERT INTO prompt_templates (name, version, messages)
            SELECT @name, COALESCE(max(version), 0) + 1, @messages::jsonb FROM prompt_templates WHERE name = @name
            RETURNING version
            """,
            new { name, messages = JsonSerializer.Serialize(messages.Select(m => new { role = m.Role, content = m.Content })) },
            tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <summary>Points <paramref name="label"/> (e.g. production) of a template at <paramref name="version"/>.</summary>
    public async Task LabelTemplateAsync(string name, string label, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO prompt_template_labels (name, label, version) VALUES (@name, @label, @version)
            ON CONFLICT (name, label) DO UPDATE SET version = EXCLUDED.version, updated_at = now()
            """,
            new { name, label, version }).ConfigureAwait(false);
    }

    /// <summary>Every template version with its labels.</summary>
    public async Task<IReadOnlyList<TemplateVersionInfo>> ListTemplatesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LoadTemplatesAsync(connection).ConfigureAwait(false);
    }

    internal async Task<long> GetRevisionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT revision FROM governance_revision").ConfigureAwait(false);
    }

    internal async Task<GovernanceSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var revision = await connection.ExecuteScalarAsync<long>("SELECT revision FROM governance_revision", transaction: tx).ConfigureAwait(false);
        var apps = await QueryAppsAsync(connection, "", null, tx).ConfigureAwait(false);
        var keyRows = await connection.QueryAsync<SecretKeyRow>(
            "SELECT key_id, tenant, app, signing_key_cipher, master_key_id, expires_at, revoked_at FROM api_keys",
            transaction: tx).ConfigureAwait(false);
        var templates = await LoadTemplatesAsync(connection, tx).ConfigureAwait(false);
        var labels = await connection.QueryAsync<(string name, string label, int version)>(
            "SELECT name, label, version FROM prompt_template_labels",
            transaction: tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        // Without the master key (authentication disabled) only templates are served.
        var keyEntries = keys is null ? [] : keyRows.Select(r => new KeyEntry(r.key_id, r.tenant, r.app, Decrypt(keys, r), r.expires_at, r.revoked_at)).ToList();
        return new GovernanceSnapshot(revision, apps, keyEntries, templates, labels);
    }

    private static byte[] Decrypt(KeyMaterial keys, SecretKeyRow row)
    {
        try
        {
            return keys.Decrypt(row.signing_key_cipher, row.key_id);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The signing key of {row.key_id} (master key {row.master_key_id}) does not decrypt with Authentication:MasterKey (id {keys.MasterKeyId}): wrong master key, or the row was altered.", e);
        }
    }

    internal async Task TouchKeysAsync(IReadOnlyCollection<KeyValuePair<string, DateTimeOffset>> used, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
            FROM unnest(@ids, @times) AS u(key_id, used_at) WHERE k.key_id = u.key_id
            """,
            new { ids = used.Select(u => u.Key).ToArray(), times = used.Select(u => u.Value.UtcDateTime).ToArray() }).ConfigureAwait(false);
    }

    private async Task<CreatedApiKey> InsertKeyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string tenant, string app, DateTimeOffset? expiresAt)
    {
        var material = keys ?? throw new InvalidOperationException("Creating keys needs the master key and the pepper (Authentication:MasterKey, Authentication:KeyPepper).");
        var keyId = KeyMaterial.NewKeyId();
        var apiKey = KeyMaterial.NewApiKey();
        var signingKey = RequestSigning.DeriveSigningKey(apiKey);
        var rows = await connection.ExecuteAsync(
            """
            INSERT INTO api_keys (key_id, tenant, app, key_hash, last_four, signing_key_cipher, master_key_id, expires_at)
            SELECT @keyId, tenant, app, @hash, @lastFour, @cipher, @masterKeyId, @expiresAt FROM apps WHERE tenant = @tenant AND app = @app
            """,
            new
            {
                keyId,
                hash = material.HashApiKey(apiKey),
                lastFour = apiKey[^4..],
                cipher = material.Encrypt(signingKey, keyId),
                masterKeyId = material.MasterKeyId,
                expiresAt,
                tenant,
                app,
            },
            tx).ConfigureAwait(false);
        if (rows != 1)
        {
            throw new InvalidOperationException($"No app {tenant}/{app}.");
        }

        return new CreatedApiKey(keyId, apiKey, tenant, app, expiresAt);
    }

    private async Task<IReadOnlyList<AppPolicy>> QueryAppsAsync(string where, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAppsAsync(connection, where, parameters, null).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<AppPolicy>> QueryAppsAsync(NpgsqlConnection connection, string where, object? parameters, NpgsqlTransaction? tx)
    {
        var rows = await connection.QueryAsync<AppRow>(
            $"""
            SELECT tenant, app, allowed_models, allowed_lanes, rpm_limit, tpm_limit, monthly_budget_soft_usd, monthly_budget_hard_usd,
                   pii_policy, default_tags::text AS default_tags, auth_mode, kafka_principals
            FROM apps {where} ORDER BY tenant, app
            """,
            parameters,
            tx).ConfigureAwait(false);
        return rows.Select(r => new AppPolicy
        {
            Tenant = r.tenant,
            App = r.app,
            AllowedModels = r.allowed_models,
            AllowedLanes = r.allowed_lanes,
            RpmLimit = r.rpm_limit,
            TpmLimit = r.tpm_limit,
            MonthlyBudgetSoftUsd = r.monthly_budget_soft_usd,
            MonthlyBudgetHardUsd = r.monthly_budget_hard_usd,
            PiiPolicy = r.pii_policy,
            DefaultTags = JsonSerializer.Deserialize<Dictionary<string, string>>(r.default_tags) ?? [],
            AuthMode = r.auth_mode,
            KafkaPrincipals = r.kafka_principals,
        }).ToList();
    }

    private static async Task<IReadOnlyList<TemplateVersionInfo>> LoadTemplatesAsync(NpgsqlConnection connection, NpgsqlTransaction? tx = null)
    {
        var rows = await connection.QueryAsync<TemplateRow>(
            """
            SELECT t.name, t.version, t.messages::text AS messages, t.created_at,
                   COALESCE(array_agg(l.label ORDER BY l.label) FILTER (WHERE l.label IS NOT NULL), '{}') AS labels
            FROM prompt_templates t LEFT JOIN prompt_template_labels l ON l.name = t.name AND l.version = t.version
            GROUP BY t.name, t.version ORDER BY t.name, t.version
            """,
            transaction: tx).ConfigureAwait(false);
        return rows.Select(r => new TemplateVersionInfo(
            r.name,
            r.version,
            JsonSerializer.Deserialize<List<StoredMessage>>(r.messages)!.Select(m => new TemplateMessage(m.role, m.content)).ToList(),
            r.created_at,
            r.labels)).ToList();
    }

    private static void Check(AppPolicy app)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app.Tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(app.App);
        if (app.AuthMode is not (AppAuthModes.Signed or AppAuthModes.KafkaPrincipal))
        {
            throw new ArgumentException($"auth mode must be {AppAuthModes.Signed} or {AppAuthModes.KafkaPrincipal}", nameof(app));
        }

        foreach (var lane in app.AllowedLanes)
        {
            if (lane is not ("interactive" or "batch"))
            {
                throw new ArgumentException($"lane '{lane}' must be interactive or batch", nameof(app));
            }
        }
    }

    private static object Parameters(AppPolicy app) => new
    {
        app.Tenant,
        app.App,
        Models = app.AllowedModels.ToArray(),
        Lanes = app.AllowedLanes.ToArray(),
        app.RpmLimit,
        app.TpmLimit,
        app.MonthlyBudgetSoftUsd,
        app.MonthlyBudgetHardUsd,
        app.PiiPolicy,
        Tags = JsonSerializer.Serialize(app.DefaultTags),
        app.AuthMode,
        Principals = app.KafkaPrincipals.ToArray(),
    };

#pragma warning disable IDE1006, SA1300 // Dapper maps columns by name.
    private sealed class AppRow
    {
        public string tenant { get; set; } = "";

        public string app { get; set; } = "";

        public string[] allowed_models { get; set; } = [];

        public string[] allowed_lanes { get; set; } = [];

        public int? rpm_limit { get; set; }

        public int? tpm_limit { get; set; }

        public decimal? monthly_budget_soft_usd { get; set; }

        public decimal? monthly_budget_hard_usd { get; set; }

        public string? pii_policy { get; set; }

        public string default_tags { get; set; } = "";

        public string auth_mode { get; set; } = "";

        public string[] kafka_principals { get; set; } = [];
    }

    private sealed class KeyRow
    {
        public string key_id { get; set; } = "";

        public string tenant { get; set; } = "";

        public string app { get; set; } = "";

        public string last_four { get; set; } = "";

        public DateTime created_at { get; set; }

        public DateTime? expires_at { get; set; }

        public DateTime? revoked_at { get; set; }

        public string? replaced_by { get; set; }

        public DateTime? last_used_at { get; set; }
    }

    private sealed class SecretKeyRow
    {
        public string key_id { get; set; } = "";

        public string tenant { get; set; } = "";

        public string app { get; set; } = "";

        public byte[] signing_key_cipher { get; set; } = [];

        public string master_key_id { get; set; } = "";

        public DateTime? expires_at { get; set; }

        public DateTime? revoked_at { get; set; }
    }

    private sealed class OwnerRow
    {
        public string tenant { get; set; } = "";

        public string app { get; set; } = "";
    }

    private sealed class TemplateRow
    {
        public string name { get; set; } = "";

        public int version { get; set; }

        public string messages { get; set; } = "";

        public DateTime created_at { get; set; }

        public string[] labels { get; set; } = [];
    }

    private sealed class StoredMessage
    {
        public string role { get; set; } = "";

        public string content { get; set; } = "";
    }
#pragma warning restore IDE1006, SA1300
}
