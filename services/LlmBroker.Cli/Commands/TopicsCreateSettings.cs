using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

internal sealed class TopicsCreateSettings : BrokerSettings
{
    [CommandOption("--replication-factor <N>")]
    [Description("Replicas per partition. Default: the broker's default.replication.factor")]
    public int? ReplicationFactor { get; set; }

    public override ValidationResult Validate()
    {
        var common = base.Validate();
        if (!common.Successful)
        {
            return common;
        }

        return ReplicationFactor is < 1 or > short.MaxValue
            ? ValidationResult.Error($"--replication-factor must be a positive number; got {ReplicationFactor}")
            : ValidationResult.Success();
    }
}
