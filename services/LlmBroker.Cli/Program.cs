using LlmBroker.Cli;
using LlmBroker.Cli.Admin;
using LlmBroker.Cli.Commands;
using LlmBroker.Cli.Commands.Admin;
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
            config.AddCommand<RedactCommand>("redact");
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
            config.AddBranch("admin", admin =>
            {
                admin.SetDescription("Manage apps, API keys, prompt templates and provider credentials");
                admin.AddBranch("apps", apps =>
                {
                    apps.AddCommand<AppsAddCommand>("add");
                    apps.AddCommand<AppsListCommand>("list");
                    apps.AddCommand<AppsShowCommand>("show");
                    apps.AddCommand<AppsUpdateCommand>("update");
                });
                admin.AddBranch("keys", keys =>
                {
                    keys.AddCommand<KeysCreateCommand>("create");
                    keys.AddCommand<KeysListCommand>("list");
                    keys.AddCommand<KeysRevokeCommand>("revoke");
                    keys.AddCommand<KeysRotateCommand>("rotate");
                });
                admin.AddBranch("templates", templates =>
                {
                    templates.AddCommand<TemplatesAddCommand>("add");
                    templates.AddCommand<TemplatesListCommand>("list");
                    templates.AddCommand<TemplatesLabelCommand>("label");
                });
                admin.AddBranch("credentials", credentials =>
                {
                    credentials.SetDescription("Provider API keys, stored encrypted under the master key (LLMBROKER_MASTER_KEY)");
                    credentials.AddCommand<CredentialsAddCommand>("add");
                    credentials.AddCommand<CredentialsRotateCommand>("rotate");
                    credentials.AddCommand<CredentialsRevokeCommand>("revoke");
                    credentials.AddCommand<CredentialsListCommand>("list");
                    credentials.AddCommand<CredentialsRewrapCommand>("rewrap");
                });
            });
        }
    }
}
