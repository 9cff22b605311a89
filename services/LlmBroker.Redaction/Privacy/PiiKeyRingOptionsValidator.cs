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
            errors.Add($"{Path}:Keys: at least one key is required (32 random bytes in base64)");
        }

        foreach (var (id, material) in options.Keys)
        {
            if (!IsValidId(id))
            {
                errors.Add($"{Path}:Keys:{id}: key id must be 1 to 64 letters, digits, '-', '_' or '.'");
            }

            if (PiiKeyRing.DecodeKey(material) is null)
            {
                errors.Add($"{Path}:Keys:{id}: not 32 bytes of base64 (AES-256 key)");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            errors.Add($"{Path}:ActiveKeyId is required");
        }
        else if (!options.Keys.ContainsKey(options.ActiveKeyId))
        {
            errors.Add($"{Path}:ActiveKeyId '{options.ActiveKeyId}' names no key in {Path}:Keys");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsValidId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
