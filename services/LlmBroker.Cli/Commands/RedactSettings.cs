using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

internal sealed class RedactSettings : CommandSettings
{
    /// <summary>Input formats of <c>--format</c>.</summary>
    public static readonly string[] Formats = ["auto", "text", "jsonl"];

    [CommandOption("-f|--format <FORMAT>")]
    [Description("auto (JSONL when the first non-blank line starts with '{'), text (all of stdin is one text) or jsonl ({\"text\": ...} per line)")]
    [DefaultValue("auto")]
    public string Format { get; set; } = "auto";

    [CommandOption("-i|--input <PATH>")]
    [Description("Read this file instead of stdin")]
    public string? Input { get; set; }

    public override ValidationResult Validate()
    {
        if (!Formats.Contains(Format))
        {
            return ValidationResult.Error($"--format must be one of {string.Join(", ", Formats)} (got '{Format}')");
        }

        return Input is not null && !File.Exists(Input) ? ValidationResult.Error($"--input: no such file '{Input}'") : ValidationResult.Success();
    }
}
