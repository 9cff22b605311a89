using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands.Admin;

[Description("Create an API key for an app; the key is printed once and never stored")]
internal sealed class KeysCreateCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<KeysCreateSettings>
{
    public override ValidationResult Validate(CommandContext context, KeysCreateSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, KeysCreateSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: true);
        DateTimeOffset? expiresAt = settings.ExpiresIn is not null && Durations.TryParse(settings.ExpiresIn, out var validity) ? time.GetUtcNow() + validity : null;
        var key = await store.CreateKeyAsync(settings.Tenant, settings.App, expiresAt, cancellationToken).ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"key id:  {key.KeyId}").ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"api key: {key.ApiKey}").ConfigureAwait(false);
        await terminal.Output.WriteLineAsync("Store the API key now: it cannot be shown again.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

[Description("List API keys (id and last four characters; never the key)")]
internal sealed class KeysListCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<KeysListSettings>
{
    public override ValidationResult Validate(CommandContext context, KeysListSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, KeysListSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        var now = time.GetUtcNow();
        var table = new Table().AddColumns("key", "tenant", "app", "created", "expires", "state", "last used");
        foreach (var key in await store.ListKeysAsync(settings.Tenant, settings.App, cancellationToken).ConfigureAwait(false))
        {
            var state = key.RevokedAt is not null ? "revoked"
                : key.ExpiresAt is { } e && e <= now ? "expired"
                : key.ReplacedBy is not null ? $"in grace (→ {key.ReplacedBy})"
                : "active";
            table.AddRow(
                Markup.Escape(key.Display),
                Markup.Escape(key.Tenant),
                Markup.Escape(key.App),
                key.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                key.ExpiresAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(state),
                key.LastUsedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        }

        terminal.Console.Write(table);
        return ExitCodes.Ok;
    }
}

[Description("Revoke an API key at once")]
internal sealed class KeysRevokeCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<KeysRevokeSettings>
{
    public override ValidationResult Validate(CommandContext context, KeysRevokeSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, KeysRevokeSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        if (!await store.RevokeKeyAsync(settings.KeyId, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"no active key {settings.KeyId}");
        }

        await terminal.Output.WriteLineAsync($"revoked {settings.KeyId}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

[Description("Replace an API key; the old one keeps working for the grace period")]
internal sealed class KeysRotateCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<KeysRotateSettings>
{
    public override ValidationResult Validate(CommandContext context, KeysRotateSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, KeysRotateSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: true);
        // Validate() has checked the duration.
        var grace = Durations.TryParse(settings.Grace, out var parsed) ? parsed : TimeSpan.FromHours(24);
        var key = await store.RotateKeyAsync(settings.KeyId, grace, cancellationToken).ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"key id:  {key.KeyId}").ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"api key: {key.ApiKey}").ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"{settings.KeyId} stays valid until {time.GetUtcNow() + grace:u}. Store the new API key now: it cannot be shown again.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
