using System.ComponentModel;
using System.Globalization;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Governance;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands.Admin;

[Description("Register an app of a tenant with its policy")]
internal sealed class AppsAddCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<AppsAddSettings>
{
    public override ValidationResult Validate(CommandContext context, AppsAddSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, AppsAddSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        var app = AppPolicies.Apply(new AppPolicy { Tenant = settings.Tenant, App = settings.App }, settings);
        await store.AddAppAsync(app, cancellationToken).ConfigureAwait(false);
        AppPolicies.Write(terminal, app);
        return ExitCodes.Ok;
    }
}

[Description("Change an app's policy; options not given keep their value")]
internal sealed class AppsUpdateCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<AppsUpdateSettings>
{
    public override ValidationResult Validate(CommandContext context, AppsUpdateSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, AppsUpdateSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        var current = await store.GetAppAsync(settings.Tenant, settings.App, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no app {settings.Tenant}/{settings.App}");
        var app = AppPolicies.Apply(current, settings);
        await store.UpdateAppAsync(app, cancellationToken).ConfigureAwait(false);
        AppPolicies.Write(terminal, app);
        return ExitCodes.Ok;
    }
}

[Description("List the registered apps")]
internal sealed class AppsListCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<AppsListSettings>
{
    public override ValidationResult Validate(CommandContext context, AppsListSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, AppsListSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        var table = new Table().AddColumns("tenant", "app", "auth", "models", "lanes", "rpm", "tpm", "budget soft/hard USD");
        foreach (var app in await store.ListAppsAsync(cancellationToken).ConfigureAwait(false))
        {
            table.AddRow(
                Markup.Escape(app.Tenant),
                Markup.Escape(app.App),
                app.AuthMode,
                Markup.Escape(AppPolicies.List(app.AllowedModels)),
                AppPolicies.List(app.AllowedLanes),
                app.RpmLimit?.ToString(CultureInfo.InvariantCulture) ?? "-",
                app.TpmLimit?.ToString(CultureInfo.InvariantCulture) ?? "-",
                $"{AppPolicySettings.Money(app.MonthlyBudgetSoftUsd)}/{AppPolicySettings.Money(app.MonthlyBudgetHardUsd)}");
        }

        terminal.Console.Write(table);
        return ExitCodes.Ok;
    }
}

[Description("Show one app's policy")]
internal sealed class AppsShowCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<AppsShowSettings>
{
    public override ValidationResult Validate(CommandContext context, AppsShowSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, AppsShowSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        var app = await store.GetAppAsync(settings.Tenant, settings.App, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no app {settings.Tenant}/{settings.App}");
        AppPolicies.Write(terminal, app);
        return ExitCodes.Ok;
    }
}

internal static class AppPolicies
{
    public static AppPolicy Apply(AppPolicy app, AppPolicySettings settings) => app with
    {
        AllowedModels = AppPolicySettings.Split(settings.Models) ?? app.AllowedModels,
        AllowedLanes = AppPolicySettings.Split(settings.Lanes) ?? app.AllowedLanes,
        RpmLimit = settings.Rpm ?? app.RpmLimit,
        TpmLimit = settings.Tpm ?? app.TpmLimit,
        MonthlyBudgetSoftUsd = settings.BudgetSoft ?? app.MonthlyBudgetSoftUsd,
        MonthlyBudgetHardUsd = settings.BudgetHard ?? app.MonthlyBudgetHardUsd,
        PiiPolicy = settings.PiiPolicy ?? app.PiiPolicy,
        DefaultTags = settings.Tags is null
            ? app.DefaultTags
            : settings.Tags.Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]),
        AuthMode = settings.Auth ?? app.AuthMode,
        KafkaPrincipals = settings.Principals ?? app.KafkaPrincipals,
    };

    public static void Write(Terminal terminal, AppPolicy app)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(name, Markup.Escape(value));
        Row("tenant", app.Tenant);
        Row("app", app.App);
        Row("auth", app.AuthMode);
        Row("kafka principals", List(app.KafkaPrincipals));
        Row("models", List(app.AllowedModels));
        Row("lanes", List(app.AllowedLanes));
        Row("rpm", app.RpmLimit?.ToString(CultureInfo.InvariantCulture) ?? "-");
        Row("tpm", app.TpmLimit?.ToString(CultureInfo.InvariantCulture) ?? "-");
        Row("budget soft USD", AppPolicySettings.Money(app.MonthlyBudgetSoftUsd));
        Row("budget hard USD", AppPolicySettings.Money(app.MonthlyBudgetHardUsd));
        Row("pii policy", app.PiiPolicy ?? "-");
        Row("default tags", app.DefaultTags.Count == 0 ? "-" : string.Join(", ", app.DefaultTags.Select(t => $"{t.Key}={t.Value}")));
        terminal.Console.Write(grid);
    }

    public static string List(IReadOnlyList<string> values) => values.Count == 0 ? "(any)" : string.Join(",", values);
}
