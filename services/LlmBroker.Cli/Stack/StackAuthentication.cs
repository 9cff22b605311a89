using LlmBroker.Cli.Commands;
using LlmBroker.Cli.Commands.Admin;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Governance;
using LlmBroker.Storage;

namespace LlmBroker.Cli.Stack;

/// <summary>
/// The master key and pepper an embedded stack authenticates with: the configured ones
/// (<c>Authentication__MasterKey</c>, <c>Authentication__KeyPepper</c>, as the redactor and
/// <c>llmbroker admin keys</c> read them), else the public <see cref="DevelopmentKeys"/>.
/// </summary>
internal sealed record StackKeyMaterial(string MasterKey, string MasterKeyId, string KeyPepper)
{
    /// <summary>True when these are the public development defaults.</summary>
    public bool IsDevelopmentDefault => DevelopmentKeys.AreUsed(MasterKey, KeyPepper);

    /// <summary>The public development defaults.</summary>
    public static StackKeyMaterial Development { get; } = new(DevelopmentKeys.MasterKey, "dev", DevelopmentKeys.KeyPepper);

    /// <summary>
    /// The configured key material, the development defaults when neither variable is set, or null
    /// with <paramref name="error"/> when only one is set or a value is not valid.
    /// </summary>
    public static StackKeyMaterial? Resolve(CliEnvironment environment, out string? error)
    {
        error = null;
        var master = environment.Get(AdminStore.MasterKeyVariable);
        var pepper = environment.Get(AdminStore.PepperVariable);
        if (master is null && pepper is null)
        {
            return Development;
        }

        if (master is null || pepper is null)
        {
            error = $"set both {AdminStore.MasterKeyVariable} and {AdminStore.PepperVariable}, or neither (the development defaults are used then)";
            return null;
        }

        var material = new StackKeyMaterial(master, environment.Get(AdminStore.MasterKeyIdVariable) ?? "m1", pepper);
        try
        {
            _ = material.Keys();
            return material;
        }
        catch (ArgumentException e)
        {
            error = $"{AdminStore.MasterKeyVariable}/{AdminStore.PepperVariable}: {e.Message}";
            return null;
        }
    }

    /// <summary>The governance key material.</summary>
    public KeyMaterial Keys() => new(MasterKey, MasterKeyId, KeyPepper);

    /// <summary>How the output names it; never the values.</summary>
    public string Describe() => IsDevelopmentDefault
        ? "development master key and pepper (public; set Authentication__MasterKey and Authentication__KeyPepper for your own)"
        : $"master key {MasterKeyId} from Authentication__MasterKey";

    /// <summary>The redactor's configuration for Signed mode with these keys.</summary>
    public void AddTo(IDictionary<string, string?> configuration)
    {
        configuration["Authentication:Mode"] = AuthenticationModes.Signed;
        configuration["Authentication:MasterKey"] = MasterKey;
        configuration["Authentication:MasterKeyId"] = MasterKeyId;
        configuration["Authentication:KeyPepper"] = KeyPepper;
    }
}

/// <summary>
/// What an embedded stack with authentication on registers before its stages start: the apps of
/// one tenant (created when missing, reused otherwise) and a fresh API key for each.
/// </summary>
internal sealed record StackAuthentication
{
    /// <summary>The master key and pepper of the redactor and of the keys issued.</summary>
    public required StackKeyMaterial KeyMaterial { get; init; }

    /// <summary>Tenant of the apps.</summary>
    public required string Tenant { get; init; }

    /// <summary>Apps that get a key.</summary>
    public required IReadOnlyList<string> Apps { get; init; }

    /// <summary>How long the issued keys stay valid; null (the default) for no expiry.</summary>
    public TimeSpan? KeyLifetime { get; init; }

    /// <summary>Creates the missing apps and issues one fresh key per app, keyed by app name.</summary>
    public async Task<IReadOnlyDictionary<string, CreatedApiKey>> ProvisionAsync(
        PostgresConnection postgres, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var dataSource = PostgresDataSources.Create(postgres.ConnectionString, postgres.Schema);
        var store = new GovernanceStore(dataSource, KeyMaterial.Keys(), time);
        var keys = new Dictionary<string, CreatedApiKey>(StringComparer.Ordinal);
        foreach (var app in Apps)
        {
            if (await store.GetAppAsync(Tenant, app, cancellationToken).ConfigureAwait(false) is null)
            {
                await store.AddAppAsync(new AppPolicy { Tenant = Tenant, App = app }, cancellationToken).ConfigureAwait(false);
            }

            var expiresAt = KeyLifetime is { } lifetime ? time.GetUtcNow() + lifetime : (DateTimeOffset?)null;
            keys[app] = await store.CreateKeyAsync(Tenant, app, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        return keys;
    }
}
