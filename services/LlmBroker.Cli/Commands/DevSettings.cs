using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

internal sealed class DevSettings : PostgresSettings
{
    [CommandOption("--bootstrap <SERVERS>")]
    [Description("Use this Kafka (its pipeline topics must exist: 'llmbroker topics create'). Default: $Kafka__BootstrapServers, else an in-process mock cluster")]
    public string? Bootstrap { get; set; }

    [CommandOption("--topic-prefix <PREFIX>")]
    [Description("Prefix of every topic name. Default: $Kafka__TopicPrefix, else none")]
    public string? TopicPrefix { get; set; }

    [CommandOption("--no-auth")]
    [Description("Run without authentication (Authentication:Mode=Disabled): unsigned requests are accepted. Default: authentication on, with a fresh key for the app dev of tenant dev")]
    public bool NoAuth { get; set; }

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        return Bootstrap is not null && string.IsNullOrWhiteSpace(Bootstrap)
            ? ValidationResult.Error("--bootstrap must not be empty")
            : ValidationResult.Success();
    }
}
