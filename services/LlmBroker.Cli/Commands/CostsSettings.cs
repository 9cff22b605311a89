using System.ComponentModel;
using LlmBroker.Cli.Costs;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

internal sealed class CostsSettings : PostgresSettings
{
    /// <summary>Longest accepted <c>--since</c>.</summary>
    public static readonly TimeSpan MaxSince = TimeSpan.FromDays(3660);

    [CommandOption("--since <DURATION>")]
    [Description("Period up to now: 24h, 7d, 30d (whole UTC hours)")]
    [DefaultValue("7d")]
    public string Since { get; set; } = "7d";

    [CommandOption("--tenant <TENANT>")]
    [Description("Only this tenant. Default: every tenant")]
    public string? Tenant { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, csv or json")]
    [DefaultValue(CostReportFormat.Table)]
    public string Format { get; set; } = CostReportFormat.Table;

    [CommandOption("--by <DIMENSION>")]
    [Description("Group by app, model, tag or day, with a bar chart of the cost. Default: a table per app and model")]
    public string? By { get; set; }

    /// <summary>The dimensions <c>--by</c> accepts.</summary>
    public static readonly IReadOnlyDictionary<string, CostDimension> Dimensions = new Dictionary<string, CostDimension>(StringComparer.Ordinal)
    {
        ["app"] = CostDimension.App,
        ["model"] = CostDimension.Model,
        ["tag"] = CostDimension.Tag,
        ["day"] = CostDimension.Day,
    };

    public TimeSpan SinceValue => Durations.TryParse(Since, out var since) ? since : TimeSpan.Zero;

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (!Durations.TryParse(Since, out var since) || since <= TimeSpan.Zero || since > MaxSince)
        {
            return ValidationResult.Error($"--since must be a duration between 1ms and 3660d such as 24h, 7d or 30d; got '{Since}'");
        }

        if (!CostReportFormat.All.Contains(Format))
        {
            return ValidationResult.Error($"--format must be table, csv or json; got '{Format}'");
        }

        if (By is not null && !Dimensions.ContainsKey(By))
        {
            return ValidationResult.Error($"--by must be app, model, tag or day; got '{By}'");
        }

        if (Tenant is not null && string.IsNullOrWhiteSpace(Tenant))
        {
            return ValidationResult.Error("--tenant must not be empty");
        }

        return ValidationResult.Success();
    }
}
