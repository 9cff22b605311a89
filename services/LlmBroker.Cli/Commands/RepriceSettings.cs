using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

internal sealed class RepriceSettings : PostgresSettings
{
    private static readonly string[] s_formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK"];

    [CommandOption("--since <DATE>")]
    [Description("First UTC day (2026-11-01) or hour (2026-11-01T13:00) to reprice; required")]
    public string? Since { get; set; }

    /// <summary>The parsed <c>--since</c> (UTC unless it names an offset).</summary>
    public DateTimeOffset SinceValue =>
        DateTimeOffset.ParseExact(Since!, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (Since is null)
        {
            return ValidationResult.Error("--since is required, e.g. --since 2026-11-01");
        }

        return DateTimeOffset.TryParseExact(Since, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? ValidationResult.Success()
            : ValidationResult.Error($"--since must be a date such as 2026-11-01 or 2026-11-01T13:00; got '{Since}'");
    }
}
