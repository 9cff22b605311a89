using System.Globalization;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>Checks every setting of <see cref="PiiDetectorOptions"/> and reports all errors at once.</summary>
internal sealed class PiiDetectorOptionsValidator : IValidateOptions<PiiDetectorOptions>
{
    public ValidateOptionsResult Validate(string? name, PiiDetectorOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(PiiDetectorOptions options)
    {
        var errors = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        if (!(options.DefaultThreshold is >= 0 and <= 1))
        {
            errors.Add(string.Format(inv, "Pii:DefaultThreshold must be between 0 and 1 (got {0}).", options.DefaultThreshold));
        }

        foreach (var (type, value) in options.Thresholds)
        {
            if (!Enum.IsDefined(type))
            {
                errors.Add(string.Format(inv, "Pii:Thresholds: unknown entity type '{0}'.", type));
            }
            else if (!(value is >= 0 and <= 1))
            {
                errors.Add(string.Format(inv, "Pii:Thresholds:{0} must be between 0 and 1 (got {1}).", type, value));
            }
        }

        var supported = PhoneNumberUtil.GetInstance().GetSupportedRegions();
        if (options.PhoneRegions.Count == 0)
        {
            errors.Add("Pii:PhoneRegions must list at least one region.");
        }

        foreach (var region in options.PhoneRegions)
        {
            if (string.IsNullOrWhiteSpace(region) || !supported.Contains(region.Trim().ToUpperInvariant()))
            {
                errors.Add($"Pii:PhoneRegions: '{region}' is not a supported ISO 3166 region code.");
            }
        }

        CheckNames(errors, "GivenNames", options.GivenNames);
        CheckNames(errors, "Surnames", options.Surnames);
        CheckNames(errors, "NotNames", options.NotNames);
        return errors;
    }

    private static void CheckNames(List<string> errors, string setting, List<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Any(char.IsWhiteSpace))
            {
                errors.Add($"Pii:{setting}:{i} must be one word without spaces (got '{names[i]}').");
            }
        }
    }
}
