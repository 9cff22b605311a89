using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

/// <summary>Options every command that talks to the broker shares.</summary>
internal abstract class BrokerSettings : CommandSettings
{
    [CommandOption("--bootstrap <SERVERS>")]
    [Description("Kafka bootstrap servers, host:port[[,host:port]]. Default: $Kafka__BootstrapServers")]
    public string? Bootstrap { get; set; }

    [CommandOption("--topic-prefix <PREFIX>")]
    [Description("Prefix of every topic name. Default: $Kafka__TopicPrefix, else none")]
    public string? TopicPrefix { get; set; }

    [CommandOption("--tenant <TENANT>")]
    [Description("Tenant stamped on requests. Default: $LlmBroker__Tenant, else 'default'")]
    public string? Tenant { get; set; }

    [CommandOption("--app <APP>")]
    [Description("App stamped on requests. Default: $LlmBroker__App, else 'default'")]
    public string? App { get; set; }

    public override ValidationResult Validate()
    {
        foreach (var (name, value) in new[] { ("--bootstrap", Bootstrap), ("--tenant", Tenant), ("--app", App) })
        {
            if (value is not null && string.IsNullOrWhiteSpace(value))
            {
                return ValidationResult.Error($"{name} must not be empty");
            }
        }

        return ValidationResult.Success();
    }
}
