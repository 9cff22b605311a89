using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Privacy;

/// <summary>Lists every problem of the key ring configuration; never echoes key material.</summary>
internal sealed class PiiKeyRingOptionsValidator : IValidateOptions<PiiKeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, PiiKeyRingOptions options)
    {
        const string Path = PiiKeyRingOptions.SectionName;
        var errors = new List<string>();
        if (options.Keys.Count == 0)
        {
            errors.Add($"{Path}:Keys: at least one key is required (Id, and Material: 32 random bytes in base64)");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (key.Id is null || !IsValidId(key.Id))
            {
                errors.Add($"{Path}:Keys:{i}:Id must be 1 to 64 letters, digits, '-', '_' or '.'");
            }
            else if (!ids.Add(key.Id))
            {
                errors.Add($"{Path}:Keys:{i}:Id '{key.Id}' is used by another key");
            }

            if (PiiKeyRing.DecodeKey(key.Material) is null)
            {
                errors.Add($"{Path}:Keys:{i}:Material is not 32 bytes of base64 (AES-256 key)");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            errors.Add($"{Path}:ActiveKeyId is required");
        }
        else if (!ids.Contains(options.ActiveKeyId))
        {
            errors.Add($"{Path}:ActiveKeyId '{options.ActiveKeyId}' names no key in {Path}:Keys");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsValidId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
