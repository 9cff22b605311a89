using System.ComponentModel;
using System.Globalization;
using LlmBroker.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands.Admin;

/// <summary>Policy options shared by <c>admin apps add</c> and <c>admin apps update</c> (unset options keep their value).</summary>
internal class AppPolicySettings : PostgresSettings
{
    [CommandArgument(0, "<TENANT>")]
    [Description("Tenant")]
    public string Tenant { get; set; } = "";

    [CommandArgument(1, "<APP>")]
    [Description("App name")]
    public string App { get; set; } = "";

    [CommandOption("--models <ALIASES>")]
    [Description("Comma-separated model aliases the app may call (empty: any)")]
    public string? Models { get; set; }

    [CommandOption("--lanes <LANES>")]
    [Description("Comma-separated lanes the app may use: interactive, batch (empty: both)")]
    public string? Lanes { get; set; }

    [CommandOption("--rpm <N>")]
    [Description("Requests per minute (stored; enforced by a later release)")]
    public int? Rpm { get; set; }

    [CommandOption("--tpm <N>")]
    [Description("Tokens per minute (stored; enforced by a later release)")]
    public int? Tpm { get; set; }

    [CommandOption("--budget-soft <USD>")]
    [Description("Monthly budget that raises an alert, in USD (stored)")]
    public decimal? BudgetSoft { get; set; }

    [CommandOption("--budget-hard <USD>")]
    [Description("Monthly budget that stops the app, in USD (stored)")]
    public decimal? BudgetHard { get; set; }

    [CommandOption("--pii-policy <NAME>")]
    [Description("PII policy applied by the redactor")]
    public string? PiiPolicy { get; set; }

    [CommandOption("--tag <KEY=VALUE>")]
    [Description("Default tag (repeatable)")]
    public string[]? Tags { get; set; }

    [CommandOption("--auth <MODE>")]
    [Description("signed (default) or kafka_principal")]
    public string? Auth { get; set; }

    [CommandOption("--principal <PRINCIPAL>")]
    [Description("Kafka principal trusted for a kafka_principal app, e.g. User:batch (repeatable)")]
    public string[]? Principals { get; set; }

    public override ValidationResult Validate()
    {
        var baseResult = base.Validate();
        if (!baseResult.Successful)
        {
            return baseResult;
        }

        var errors = new List<string>();
        if (Auth is not null and not ("signed" or "kafka_principal"))
        {
            errors.Add("--auth must be signed or kafka_principal");
        }

        foreach (var lane in Split(Lanes) ?? [])
        {
            if (lane is not ("interactive" or "batch"))
            {
                errors.Add($"--lanes: '{lane}' is not interactive or batch");
            }
        }

        foreach (var tag in Tags ?? [])
        {
            if (tag.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                errors.Add($"--tag '{tag}' is not KEY=VALUE");
            }
        }

        if (Rpm is < 0 || Tpm is < 0 || BudgetSoft is < 0 || BudgetHard is < 0)
        {
            errors.Add("limits and budgets must not be negative");
        }

        return errors.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join("; ", errors));
    }

    internal static string[]? Split(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string Money(decimal? usd) => usd?.ToString("0.######", CultureInfo.InvariantCulture) ?? "-";
}

internal sealed class AppsAddSettings : AppPolicySettings;

internal sealed class AppsUpdateSettings : AppPolicySettings;

internal sealed class AppsListSettings : PostgresSettings;

internal sealed class AppsShowSettings : PostgresSettings
{
    [CommandArgument(0, "<TENANT>")]
    public string Tenant { get; set; } = "";

    [CommandArgument(1, "<APP>")]
    public string App { get; set; } = "";
}

internal sealed class KeysCreateSettings : PostgresSettings
{
    [CommandArgument(0, "<TENANT>")]
    public string Tenant { get; set; } = "";

    [CommandArgument(1, "<APP>")]
    public string App { get; set; } = "";

    [CommandOption("--expires-in <DURATION>")]
    [Description("Validity, e.g. 90d or 12h. Default: no expiry")]
    public string? ExpiresIn { get; set; }

    public override ValidationResult Validate() =>
        ExpiresIn is not null && !Durations.TryParse(ExpiresIn, out _)
            ? ValidationResult.Error($"--expires-in '{ExpiresIn}' is not a duration such as 90d, 12h or 30m")
            : base.Validate();
}

internal sealed class KeysListSettings : PostgresSettings
{
    [CommandOption("--tenant <TENANT>")]
    public string? Tenant { get; set; }

    [CommandOption("--app <APP>")]
    public string? App { get; set; }
}

internal sealed class KeysRevokeSettings : PostgresSettings
{
    [CommandArgument(0, "<KEY_ID>")]
    public string KeyId { get; set; } = "";
}

internal sealed class KeysRotateSettings : PostgresSettings
{
    [CommandArgument(0, "<KEY_ID>")]
    public string KeyId { get; set; } = "";

    [CommandOption("--grace <DURATION>")]
    [Description("How long the old key keeps working, e.g. 24h. Default: 24h")]
    public string Grace { get; set; } = "24h";

    public override ValidationResult Validate() =>
        !Durations.TryParse(Grace, out _)
            ? ValidationResult.Error($"--grace '{Grace}' is not a duration such as 24h or 30m")
            : base.Validate();
}

internal sealed class TemplatesAddSettings : PostgresSettings
{
    [CommandArgument(0, "<NAME>")]
    public string Name { get; set; } = "";

    [CommandOption("--system <TEXT>")]
    [Description("System message (Liquid template)")]
    public string? System { get; set; }

    [CommandOption("--user <TEXT>")]
    [Description("User message (Liquid template), e.g. \"Summarize: {{ text }}\"")]
    public string? User { get; set; }

    [CommandOption("--label <LABEL>")]
    [Description("Point this label (e.g. staging) at the new version")]
    public string? Label { get; set; }

    public override ValidationResult Validate() =>
        System is null && User is null ? ValidationResult.Error("give --system and/or --user") : base.Validate();
}

internal sealed class TemplatesListSettings : PostgresSettings;

internal sealed class TemplatesLabelSettings : PostgresSettings
{
    [CommandArgument(0, "<NAME>")]
    public string Name { get; set; } = "";

    [CommandArgument(1, "<VERSION>")]
    public int Version { get; set; }

    [CommandArgument(2, "<LABEL>")]
    [Description("Label such as production or staging")]
    public string Label { get; set; } = "";
}
