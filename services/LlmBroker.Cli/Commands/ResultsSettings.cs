using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

internal sealed class ResultsSettings : BrokerSettings
{
    [CommandOption("-f|--follow")]
    [Description("Keep printing results until interrupted")]
    public bool Follow { get; set; }

    [CommandOption("--group <NAME>")]
    [Description("Consumer group: resumes where the group left off, and commits. Default: a new throwaway group")]
    public string? Group { get; set; }

    [CommandOption("--from-beginning")]
    [Description("A group with no committed position starts at the oldest result instead of the newest")]
    public bool FromBeginning { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("json (protobuf JSON, one result per line) or table")]
    [DefaultValue("json")]
    public string Format { get; set; } = "json";

    [CommandOption("--topic <NAME>")]
    [Description("Read this topic (a reply topic) instead of the results topic; the prefix is not added")]
    public string? Topic { get; set; }

    [CommandOption("--idle <DURATION>")]
    [Description("Without --follow, stop when no result arrived for this long (the first result may take longer while the group joins)")]
    [DefaultValue("3s")]
    public string Idle { get; set; } = "3s";

    public TimeSpan IdleValue => Durations.TryParse(Idle, out var idle) ? idle : TimeSpan.Zero;

    public bool IsTable => Format == "table";

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (Format is not ("json" or "table"))
        {
            return ValidationResult.Error($"--format must be json or table; got '{Format}'");
        }

        if (!Durations.TryParse(Idle, out var idle) || idle <= TimeSpan.Zero || idle > TimeSpan.FromDays(1))
        {
            return ValidationResult.Error($"--idle must be a duration between 1ms and 1d such as 3s; got '{Idle}'");
        }

        if (Group is not null && string.IsNullOrWhiteSpace(Group))
        {
            return ValidationResult.Error("--group must not be empty");
        }

        if (Topic is not null && string.IsNullOrWhiteSpace(Topic))
        {
            return ValidationResult.Error("--topic must not be empty");
        }

        return ValidationResult.Success();
    }
}
