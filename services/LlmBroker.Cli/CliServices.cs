using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Submission;

namespace LlmBroker.Cli;

/// <summary>What commands receive through their constructors; tests pass their own.</summary>
internal sealed record CliServices(Terminal Terminal, CliEnvironment Environment, TimeProvider Time, IBrokerClients Clients)
{
    /// <summary>The real process: its console, its environment, the system clock and Kafka.</summary>
    public static CliServices FromProcess() =>
        new(Terminal.FromProcess(), CliEnvironment.FromProcess(), TimeProvider.System, new BrokerClients(TimeProvider.System));
}
