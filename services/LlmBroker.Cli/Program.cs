using LlmBroker.Cli;
using LlmBroker.Cli.Commands;
using Spectre.Console.Cli;

return await CliApp.RunAsync(args, CliCommands.Add);

namespace LlmBroker.Cli
{
    /// <summary>
    /// The composition root: one line per command. (Not a partial <c>Program</c>: the fake provider
    /// this CLI embeds is a web app whose SDK makes its own <c>Program</c> public, and two global
    /// <c>Program</c> types would clash.)
    /// </summary>
    internal static class CliCommands
    {
        internal static void Add(IConfigurator config)
        {
            config.AddCommand<SubmitCommand>("submit");
            config.AddCommand<ResultsCommand>("results");
            config.AddCommand<CostsCommand>("costs");
            config.AddCommand<RepriceCommand>("reprice");
            config.AddCommand<MigrateCommand>("migrate");
            config.AddCommand<DevCommand>("dev");
            config.AddCommand<DemoCommand>("demo");
            config.AddBranch("audit", audit =>
            {
                audit.SetDescription("Check the tamper-evident audit log");
                audit.AddCommand<AuditVerifyCommand>("verify");
            });
            config.AddBranch("topics", topics =>
            {
                topics.SetDescription("Create or list the pipeline's Kafka topics");
                topics.AddCommand<TopicsCreateCommand>("create");
                topics.AddCommand<TopicsListCommand>("list");
            });
        }
    }
}
