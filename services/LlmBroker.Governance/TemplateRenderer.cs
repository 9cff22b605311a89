using Fluid;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Governance;

/// <summary>A template version parsed once, ready to render.</summary>
internal sealed record CompiledTemplate(string Name, int Version, IReadOnlyList<(Role Role, IFluidTemplate Template)> Messages);

/// <summary>Parses and renders prompt templates (Liquid, with Fluid). Variables are plain strings.</summary>
public static class TemplateRenderer
{
    private static readonly FluidParser s_parser = new();

    private static readonly TemplateOptions s_options = new() { MaxSteps = 100_000, MaxRecursion = 20 };

    /// <summary>Every problem of a template's messages; empty when all parse and name a known role.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<TemplateMessage> messages)
    {
        var errors = new List<string>();
        if (messages.Count == 0)
        {
            errors.Add("a template needs at least one message");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (ParseRole(messages[i].Role) == Role.Unspecified)
            {
                errors.Add($"messages[{i}].role '{messages[i].Role}' is not system, user, assistant or developer");
            }

            if (!s_parser.TryParse(messages[i].Content, out _, out var error))
            {
                errors.Add($"messages[{i}].content: {error}");
            }
        }

        return errors;
    }

    internal static IReadOnlyList<(Role, IFluidTemplate)> Compile(IReadOnlyList<TemplateMessage> messages) =>
        messages.Select(m => (ParseRole(m.Role), s_parser.Parse(m.Content))).ToList();

    internal static IReadOnlyList<ChatMessage> Render(CompiledTemplate template, IDictionary<string, string> variables)
    {
        var context = new TemplateContext(s_options);
        foreach (var (name, value) in variables)
        {
            context.SetValue(name, value);
        }

        // Prompts are not HTML: no encoding.
        return template.Messages.Select(m => new ChatMessage { Role = m.Role, Content = m.Template.Render(context, NullEncoder.Default) }).ToList();
    }

    private static Role ParseRole(string role) => role.ToLowerInvariant() switch
    {
        "system" => Role.System,
        "user" => Role.User,
        "assistant" => Role.Assistant,
        "developer" => Role.Developer,
        _ => Role.Unspecified,
    };
}
