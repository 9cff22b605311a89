using System.ComponentModel;
using LlmBroker.Cli.Demo;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

internal sealed class DemoSettings : CommandSettings
{
    /// <summary>Most requests a demo sends: the mock cluster keeps about 5 MiB per partition.</summary>
    public const int MaxRequests = 20_000;

    [CommandOption("--pg <CONNECTION>")]
    [Description("PostgreSQL connection string. Default: $Postgres__ConnectionString, else the local server of infra/postgres/start.sh (started when needed)")]
    public string? Pg { get; set; }

    [CommandOption("--schema <NAME>")]
    [Description("Schema for this run's tables. Default: a new demo_<UTC time>_<random> schema, so runs never mix (none is dropped)")]
    public string? Schema { get; set; }

    [CommandOption("--requests <N>")]
    [Description("Requests to send in all (a tenth of them repeat earlier prompts to hit the cache)")]
    [DefaultValue(200)]
    public int Requests { get; set; } = 200;

    public override ValidationResult Validate()
    {
        var postgres = PostgresConnection.ValidateOptions(Pg, Schema);
        if (!postgres.Successful)
        {
            return postgres;
        }

        return Requests is < DemoWorkload.MinRequests or > MaxRequests
            ? ValidationResult.Error($"--requests must be between {DemoWorkload.MinRequests} and {MaxRequests}; got {Requests}")
            : ValidationResult.Success();
    }
}
