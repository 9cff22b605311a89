using System.Buffers;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>Values that stand in for a secret (<c>sk-xxxx…</c>, <c>&lt;YOUR_KEY&gt;</c>, <c>changeme</c>) or point to one (<c>${DB_PASSWORD}</c>).</summary>
internal static class Placeholders
{
    private static readonly SearchValues<string> Words = SearchValues.Create(
        ["xxxx", "****", "....", "your", "placeholder", "redacted", "changeme", "change_me", "change-me", "dummy", "replace", "insert", "<", ">", "{{"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> Values = SearchValues.Create(
        ["password", "secret", "null", "none", "true", "false", "undefined", "required", "optional", "string", "hidden", "masked", "empty", "token"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> ReferencePrefixes = SearchValues.Create(
        ["${", "$(", "{{", "<", "%", "process.env", "os.environ", "os.getenv", "env.", "env:", "secrets.", "vault:", "ssm:", "arn:", "!Ref", "@Microsoft.KeyVault", "[", "{"],
        StringComparison.Ordinal);

    /// <summary>A stand-in: a telling word, a run of one character, or nothing but masking characters.</summary>
    public static bool Is(ReadOnlySpan<char> value)
    {
        // EXAMPLE in capitals marks the documented sample values (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY).
        if (value.ContainsAny(Words) || value.IndexOfAnyExcept("*xX.-_0") < 0 || value.Contains("EXAMPLE", StringComparison.Ordinal))
        {
            return true;
        }

        var run = 1;
        for (var i = 1; i < value.Length && value.Length < 100; i++)
        {
            run = value[i] == value[i - 1] ? run + 1 : 1;
            if (run >= 6)
            {
                return true;
            }
        }

        return value.Length <= 9 && value.IndexOfAny(Values) == 0 && value.Length == FirstWordLength(value);
    }

    /// <summary>A reference to a secret kept elsewhere: a variable, an environment lookup, a vault path, a function call.</summary>
    public static bool IsReference(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(ReferencePrefixes) == 0 || value.ContainsAny("()") || (value[0] == '$' && value.Length > 1 && (char.IsAsciiLetter(value[1]) || value[1] == '_')))
        {
            return true;
        }

        // A URL is a reference (credentials inside one are found as a URL with credentials).
        if (value.Contains("://", StringComparison.Ordinal))
        {
            return true;
        }

        // An environment variable's or a setting's name (DB_PASSWORD, settings.secret_key), not its value.
        if (!value.ContainsAnyInRange('0', '9') && value.IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") < 0 && value.Contains('_'))
        {
            return true;
        }

        return value.Contains('.') && !value.ContainsAnyInRange('0', '9') && value.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.") < 0;
    }

    /// <summary>Machine-made rather than a word: a digit, or mixed case beyond a leading capital, and several distinct characters.</summary>
    public static bool LooksRandom(ReadOnlySpan<char> value)
    {
        if (value.Length < 8)
        {
            return false;
        }

        var digits = value.ContainsAnyInRange('0', '9');
        var upperInside = value.Length > 1 && value[1..].ContainsAnyInRange('A', 'Z');
        var lower = value.ContainsAnyInRange('a', 'z');
        // Without a digit: a symbol, or mixed case that is not just capitalised words ("X-Api-Key", "Content-Type" are names).
        if (!(digits && (lower || value.ContainsAnyInRange('A', 'Z'))) && !value.ContainsAny("!@#$%^&*+?~=/") && !(upperInside && lower && !TitleWords(value)))
        {
            return false;
        }

        Span<bool> seen = stackalloc bool[128];
        var distinct = 0;
        foreach (var c in value)
        {
            if (c < 128 && !seen[c])
            {
                seen[c] = true;
                distinct++;
            }
        }

        return distinct >= 8;
    }

    /// <summary>Words joined by '-', '_' or '.', each lower case or capitalised only at its start.</summary>
    private static bool TitleWords(ReadOnlySpan<char> value)
    {
        foreach (var range in value.SplitAny("-_."))
        {
            var part = value[range];
            if (part.Length > 1 && part[1..].ContainsAnyInRange('A', 'Z'))
            {
                return false;
            }
        }

        return true;
    }

    private static int FirstWordLength(ReadOnlySpan<char> value)
    {
        var i = 0;
        while (i < value.Length && char.IsAsciiLetter(value[i]))
        {
            i++;
        }

        return i;
    }
}
