using LlmBroker.Cli;
using LlmBroker.Cli.Commands;
using Spectre.Console.Cli;

return await CliApp.RunAsync(args, Program.AddCommands);

/// <summary>The composition root: one line per command.</summary>
internal static partial class Program
{
    internal static void AddCommands(IConfigurator config)
    {
        config.AddCommand<SubmitCommand>("submit");
        config.AddCommand<ResultsCommand>("results");
        config.AddBranch("topics", topics =>
        {
            topics.SetDescription("Create or list the pipeline's Kafka topics");
            topics.AddCommand<TopicsCreateCommand>("create");
            topics.AddCommand<TopicsListCommand>("list");
        });
    }
}
