using Microsoft.Extensions.Options;

namespace LlmBroker.Validation.Internal;

/// <summary>Checks the validation configuration and reports every problem at once.</summary>
internal sealed class ValidationOptionsValidator : IValidateOptions<ValidationOptions>
{
    /// <summary>More repairs than this only burn money: a model that failed ten times will fail again.</summary>
    public const int MaxRepairAttemptsLimit = 10;

    public ValidateOptionsResult Validate(string? name, ValidationOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRepairAttempts is < 0 or > MaxRepairAttemptsLimit)
        {
            errors.Add($"Validation:MaxRepairAttempts must be between 0 and {MaxRepairAttemptsLimit} (got {options.MaxRepairAttempts}).");
        }

        if (options.MaxRepairCostUsd < 0)
        {
            errors.Add($"Validation:MaxRepairCostUsd must not be negative (got {options.MaxRepairCostUsd}).");
        }

        errors.AddRange(RuleSet.Check(options.Default, "Validation:Default"));
        foreach (var (app, rules) in options.Apps)
        {
            errors.AddRange(RuleSet.Check(rules, $"Validation:Apps:{app}"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
