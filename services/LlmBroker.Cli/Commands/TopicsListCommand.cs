using System.ComponentModel;
using System.Globalization;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Topology;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Show the pipeline's topics as 'topics create' would create them (no connection needed)")]
internal sealed class TopicsListCommand(Terminal terminal, CliEnvironment environment) : Command<TopicsListSettings>
{
    public override int Execute(CommandContext context, TopicsListSettings settings, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("topic", "partitions", "retention", "retention.ms", "cleanup.policy");
        foreach (var topic in TopicPlan.For(BrokerConnection.ResolveTopicPrefix(settings, environment)))
        {
            table.AddRow(
                Markup.Escape(topic.Name),
                topic.Partitions.ToString(CultureInfo.InvariantCulture),
                Durations.Format(TimeSpan.FromMilliseconds(topic.RetentionMs)),
                topic.RetentionMs.ToString(CultureInfo.InvariantCulture),
                TopicPlan.CleanupPolicy);
        }

        terminal.Console.Write(table);
        return ExitCodes.Ok;
    }
}
