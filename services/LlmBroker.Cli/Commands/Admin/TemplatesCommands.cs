using System.ComponentModel;
using System.Globalization;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Governance;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands.Admin;

[Description("Add the next version of a prompt template (Liquid); running redactors pick it up without restart")]
internal sealed class TemplatesAddCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<TemplatesAddSettings>
{
    public override ValidationResult Validate(CommandContext context, TemplatesAddSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, TemplatesAddSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        var messages = new List<TemplateMessage>();
        if (settings.System is not null)
        {
            messages.Add(new TemplateMessage("system", settings.System));
        }

        if (settings.User is not null)
        {
            messages.Add(new TemplateMessage("user", settings.User));
        }

        var version = await store.AddTemplateAsync(settings.Name, messages, cancellationToken).ConfigureAwait(false);
        if (settings.Label is not null)
        {
            await store.LabelTemplateAsync(settings.Name, settings.Label, version, cancellationToken).ConfigureAwait(false);
        }

        await terminal.Output.WriteLineAsync($"{settings.Name}@{version}{(settings.Label is null ? "" : $" labelled {settings.Label}")}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

[Description("List prompt templates, their versions and labels")]
internal sealed class TemplatesListCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<TemplatesListSettings>
{
    public override ValidationResult Validate(CommandContext context, TemplatesListSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, TemplatesListSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        var table = new Table().AddColumns("template", "version", "labels", "created", "messages");
        foreach (var template in await store.ListTemplatesAsync(cancellationToken).ConfigureAwait(false))
        {
            table.AddRow(
                Markup.Escape(template.Name),
                template.Version.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(",", template.Labels)),
                template.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(" | ", template.Messages.Select(m => $"{m.Role}: {m.Content}"))));
        }

        terminal.Console.Write(table);
        return ExitCodes.Ok;
    }
}

[Description("Point a label (production, staging...) at a template version; takes effect without restart")]
internal sealed class TemplatesLabelCommand(Terminal terminal, CliEnvironment environment, TimeProvider time) : AsyncCommand<TemplatesLabelSettings>
{
    public override ValidationResult Validate(CommandContext context, TemplatesLabelSettings settings) =>
        PostgresConnection.ValidateEnvironment(settings, environment, required: true);

    public override async Task<int> ExecuteAsync(CommandContext context, TemplatesLabelSettings settings, CancellationToken cancellationToken)
    {
        var store = AdminStore.Open(settings, environment, time, needsKeys: false);
        await store.LabelTemplateAsync(settings.Name, settings.Label, settings.Version, cancellationToken).ConfigureAwait(false);
        await terminal.Output.WriteLineAsync($"{settings.Name}:{settings.Label} → {settings.Name}@{settings.Version}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
