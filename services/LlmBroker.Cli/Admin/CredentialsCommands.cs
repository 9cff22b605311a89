using System.ComponentModel;
using LlmBroker.Cli.Commands;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using LlmBroker.Storage.Secrets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Admin;

/// <summary>Options of every <c>admin credentials</c> command: where the table is and the master keys.</summary>
internal class CredentialsSettings : PostgresSettings
{
    /// <summary>Opens the store, with the master keys from the environment.</summary>
    public ProviderCredentialStore OpenStore(CliEnvironment environment, out Npgsql.NpgsqlDataSource dataSource)
    {
        var connection = PostgresConnection.Resolve(this, environment)!;
        var options = new MasterKeyOptions
        {
            MasterKeyFile = environment.Get("Secrets__MasterKeyFile"),
            ActiveKeyId = environment.Get("Secrets__ActiveKeyId"),
            MasterKeys = environment.WithPrefix("Secrets__MasterKeys__"),
        };
        var ring = MasterKeyRing.Create(options, environment.Get(MasterKeyOptions.EnvironmentVariable));
        dataSource = PostgresDataSources.Create(connection.ConnectionString, connection.Schema);
        return new ProviderCredentialStore(dataSource, ring);
    }
}

/// <summary>Options of the commands that take a new key: never on the command line, where shells and process lists keep it.</summary>
internal sealed class NewCredentialSettings : CredentialsSettings
{
    [CommandOption("--deployment <NAME>")]
    [Description("The deployment the key authenticates (its name in the routing configuration)")]
    public string Deployment { get; set; } = "";

    [CommandOption("--key-env <VARIABLE>")]
    [Description("Environment variable holding the provider key")]
    public string? KeyEnv { get; set; }

    [CommandOption("--key-file <PATH>")]
    [Description("File whose first line is the provider key")]
    public string? KeyFile { get; set; }

    public override ValidationResult Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Deployment))
        {
            errors.Add("--deployment is required");
        }

        if ((KeyEnv is null) == (KeyFile is null))
        {
            errors.Add("give the key with exactly one of --key-env or --key-file (never on the command line)");
        }

        if (KeyFile is not null && !File.Exists(KeyFile))
        {
            errors.Add($"--key-file {KeyFile} does not exist");
        }

        return errors.Count > 0 ? ValidationResult.Error(string.Join("; ", errors)) : base.Validate();
    }

    /// <summary>The key, read from the variable or file.</summary>
    public string ReadKey(CliEnvironment environment)
    {
        var key = KeyEnv is not null
            ? environment.Get(KeyEnv) ?? throw new InvalidOperationException($"environment variable {KeyEnv} is not set")
            : File.ReadLines(KeyFile!).FirstOrDefault()?.Trim() ?? "";
        return key.Length > 0 ? key : throw new InvalidOperationException("the provider key is empty");
    }
}

/// <summary>Options of <c>admin credentials revoke</c>.</summary>
internal sealed class RevokeCredentialSettings : CredentialsSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("Id of the stored key (see admin credentials list)")]
    public long Id { get; set; }
}

/// <summary>Options of <c>admin credentials list</c>.</summary>
internal sealed class ListCredentialSettings : CredentialsSettings
{
    [CommandOption("--deployment <NAME>")]
    [Description("Only this deployment's keys")]
    public string? Deployment { get; set; }
}

/// <summary>
/// What every <c>admin credentials</c> command shares: the connection checked at validation, and the
/// store opened with the master keys (and closed) around the command's own work.
/// </summary>
internal abstract class CredentialsCommand<TSettings>(CliEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : CredentialsSettings
{
    protected CliEnvironment Environment { get; } = environment;

    public override ValidationResult Validate(CommandContext context, TSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, Environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        var store = settings.OpenStore(Environment, out var dataSource);
        await using (dataSource.ConfigureAwait(false))
        {
            return await RunAsync(store, settings, cancellationToken).ConfigureAwait(false);
        }
    }

    protected abstract Task<int> RunAsync(ProviderCredentialStore store, TSettings settings, CancellationToken cancellationToken);
}

[Description("Store a provider key for a deployment, encrypted; it joins the deployment's active keys")]
internal sealed class CredentialsAddCommand(Terminal terminal, CliEnvironment environment) : CredentialsCommand<NewCredentialSettings>(environment)
{
    protected override async Task<int> RunAsync(ProviderCredentialStore store, NewCredentialSettings settings, CancellationToken cancellationToken)
    {
        var added = await store.AddAsync(settings.Deployment, settings.ReadKey(Environment), cancellationToken).ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"added key #{added.Id} (…{added.Last4}) to {added.Deployment}, encrypted with master key {added.MasterKeyId}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

[Description("Replace a deployment's active keys with a new one; routers switch within their refresh interval, calls in flight finish")]
internal sealed class CredentialsRotateCommand(Terminal terminal, CliEnvironment environment) : CredentialsCommand<NewCredentialSettings>(environment)
{
    protected override async Task<int> RunAsync(ProviderCredentialStore store, NewCredentialSettings settings, CancellationToken cancellationToken)
    {
        var (added, retired) = await store.RotateAsync(settings.Deployment, settings.ReadKey(Environment), cancellationToken).ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"rotated {added.Deployment}: key #{added.Id} (…{added.Last4}) active, {retired} key(s) retired").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

[Description("Take one stored key out of use now (for a leaked key)")]
internal sealed class CredentialsRevokeCommand(Terminal terminal, CliEnvironment environment) : CredentialsCommand<RevokeCredentialSettings>(environment)
{
    protected override async Task<int> RunAsync(ProviderCredentialStore store, RevokeCredentialSettings settings, CancellationToken cancellationToken)
    {
        if (!await store.RevokeAsync(settings.Id, cancellationToken).ConfigureAwait(false))
        {
            await terminal.Error.WriteLineAsync($"error: no usable key #{settings.Id}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await terminal.Output.WriteLineAsync($"revoked key #{settings.Id}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

[Description("List stored provider keys (id, deployment, status, last four characters; never the key)")]
internal sealed class CredentialsListCommand(Terminal terminal, CliEnvironment environment) : CredentialsCommand<ListCredentialSettings>(environment)
{
    protected override async Task<int> RunAsync(ProviderCredentialStore store, ListCredentialSettings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("id", "deployment", "status", "key", "master key", "created", "ended");
        foreach (var key in await store.ListAsync(settings.Deployment, cancellationToken).ConfigureAwait(false))
        {
            table.AddRow(
                key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(key.Deployment), key.Status,
                key.Last4.Length > 0 ? "…" + Markup.Escape(key.Last4) : "(short)", Markup.Escape(key.MasterKeyId),
                key.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                key.EndedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        terminal.Console.Write(table);
        return ExitCodes.Ok;
    }
}

[Description("Re-encrypt every stored key under the active master key (after adding a new master key)")]
internal sealed class CredentialsRewrapCommand(Terminal terminal, CliEnvironment environment) : CredentialsCommand<CredentialsSettings>(environment)
{
    protected override async Task<int> RunAsync(ProviderCredentialStore store, CredentialsSettings settings, CancellationToken cancellationToken)
    {
        var count = await store.RewrapAsync(cancellationToken).ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"re-encrypted {count} key(s)").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
