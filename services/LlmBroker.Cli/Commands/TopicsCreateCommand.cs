using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Topology;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Create every topic of the pipeline (partitions, retention, cleanup.policy=delete); existing topics are left as they are")]
internal sealed class TopicsCreateCommand(Terminal terminal, CliEnvironment environment) : AsyncCommand<TopicsCreateSettings>
{
    public override ValidationResult Validate(CommandContext context, TopicsCreateSettings settings) =>
        BrokerConnection.Resolve(settings, environment) is null
            ? ValidationResult.Error(BrokerConnection.MissingBootstrap)
            : ValidationResult.Success();

    public override async Task<int> ExecuteAsync(CommandContext context, TopicsCreateSettings settings, CancellationToken cancellationToken)
    {
        var connection = BrokerConnection.Resolve(settings, environment)!;
        var results = await TopicCreator.CreateAsync(
            connection.KafkaOptions(),
            TopicPlan.For(connection.TopicPrefix),
            (short?)settings.ReplicationFactor,
            cancellationToken).ConfigureAwait(false);

        var table = new Table().AddColumns("topic", "partitions", "retention", "result");
        foreach (var result in results)
        {
            table.AddRow(
                Markup.Escape(result.Topic.Name),
                result.Topic.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Durations.Format(TimeSpan.FromMilliseconds(result.Topic.RetentionMs)),
                result.Outcome switch
                {
                    TopicCreation.Created => "[green]created[/]",
                    TopicCreation.AlreadyExists => "exists (left unchanged)",
                    _ => $"[red]failed[/] {Markup.Escape(result.Error ?? "")}",
                });
        }

        terminal.Console.Write(table);
        var failed = results.Count(r => r.Outcome == TopicCreation.Failed);
        await terminal.Output.WriteLineAsync(
            $"created={results.Count(r => r.Outcome == TopicCreation.Created)} existing={results.Count(r => r.Outcome == TopicCreation.AlreadyExists)} failed={failed}").ConfigureAwait(false);
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
