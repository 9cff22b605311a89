using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using ContractLane = LlmBroker.Contracts.V1.Lane;

namespace LlmBroker.Cli.Commands;

internal sealed class SubmitSettings : BrokerSettings
{
    /// <summary>Longest accepted <c>--timeout</c>; far beyond any batch, and within what timers support.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(30);

    [CommandArgument(0, "<FILE>")]
    [Description("Input file in the OpenAI Batch format (JSONL, url /v1/chat/completions)")]
    public string File { get; set; } = "";

    [CommandOption("-o|--out <PATH>")]
    [Description("Output file in the OpenAI Batch output format. Default: FILE with .results.jsonl")]
    public string? Out { get; set; }

    [CommandOption("--timeout <DURATION>")]
    [Description("How long to wait for every result (10m, 1h30m, 24h); also each request's deadline")]
    [DefaultValue("10m")]
    public string Timeout { get; set; } = "10m";

    [CommandOption("--lane <LANE>")]
    [Description("batch or interactive")]
    [DefaultValue("batch")]
    public string Lane { get; set; } = "batch";

    [CommandOption("--batch-id <ID>")]
    [Description("Batch id stamped on every request. Default: batch_<uuid>")]
    public string? BatchId { get; set; }

    public TimeSpan TimeoutValue => Durations.TryParse(Timeout, out var timeout) ? timeout : TimeSpan.Zero;

    public ContractLane LaneValue => Lane == "interactive" ? ContractLane.Interactive : ContractLane.Batch;

    /// <summary>The output path: <c>--out</c>, else the input path with <c>.results.jsonl</c> instead of its extension.</summary>
    public string OutputPath => Out ?? Path.ChangeExtension(File, null) + ".results.jsonl";

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        if (!System.IO.File.Exists(File))
        {
            return ValidationResult.Error($"input file not found: {File}");
        }

        if (!Durations.TryParse(Timeout, out var timeout) || timeout <= TimeSpan.Zero || timeout > MaxTimeout)
        {
            return ValidationResult.Error($"--timeout must be a duration between 1ms and 30d such as 90s, 10m or 1h30m; got '{Timeout}'");
        }

        if (Lane is not ("batch" or "interactive"))
        {
            return ValidationResult.Error($"--lane must be batch or interactive; got '{Lane}'");
        }

        if (BatchId is not null && string.IsNullOrWhiteSpace(BatchId))
        {
            return ValidationResult.Error("--batch-id must not be empty");
        }

        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(OutputPath));
        if (outputDirectory is not null && !Directory.Exists(outputDirectory))
        {
            return ValidationResult.Error($"output directory not found: {outputDirectory}");
        }

        if (Path.GetFullPath(OutputPath) == Path.GetFullPath(File))
        {
            return ValidationResult.Error("--out must not be the input file");
        }

        return ValidationResult.Success();
    }
}
