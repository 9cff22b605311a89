using LlmBroker.Redaction.Pii;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Privacy;

/// <summary>Lists every unknown entity type or action name in the PII policy.</summary>
internal sealed class PrivacyPolicyOptionsValidator : IValidateOptions<PrivacyPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyPolicyOptions options)
    {
        var errors = new List<string>();
        Check($"{PrivacyPolicyOptions.SectionName}:Default", options.Default, errors);
        foreach (var (app, rule) in options.Apps)
        {
            Check($"{PrivacyPolicyOptions.SectionName}:Apps:{app}", rule, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string path, PrivacyPolicyRule? rule, List<string> errors)
    {
        if (rule is null)
        {
            return;
        }

        foreach (var (type, action) in rule.Entities)
        {
            if (!IsName<PiiEntityType>(type))
            {
                errors.Add($"{path}:Entities:{type}: unknown entity type (one of {string.Join(", ", Enum.GetNames<PiiEntityType>())})");
            }

            if (!IsName<PiiAction>(action))
            {
                errors.Add($"{path}:Entities:{type}: unknown action '{action}' (one of {string.Join(", ", Enum.GetNames<PiiAction>())})");
            }
        }

        if (rule.Output is not null && !IsName<OutputPiiAction>(rule.Output))
        {
            errors.Add($"{path}:Output: unknown action '{rule.Output}' (one of {string.Join(", ", Enum.GetNames<OutputPiiAction>())})");
        }
    }

    // Names only: Enum.TryParse also accepts numbers, which would make "3" a valid action.
    private static bool IsName<T>(string? value)
        where T : struct, Enum =>
        value is not null && Enum.GetNames<T>().Contains(value, StringComparer.OrdinalIgnoreCase);
}
