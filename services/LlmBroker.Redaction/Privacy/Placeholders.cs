using System.Text;
using System.Text.RegularExpressions;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// Placeholder text (<c>&lt;PERSON_1&gt;</c>), masks (<c>&lt;PERSON&gt;</c>) and their restoration,
/// tolerant of what models do to placeholders: possessives (<c>&lt;PERSON_1&gt;'s</c>), stripped
/// brackets (<c>PERSON_1</c>), square or curly brackets, changed case (<c>&lt;person_1&gt;</c>) and
/// spaces inside brackets (<c>&lt; PERSON 1 &gt;</c>). A placeholder whose number is not in the
/// mapping is left as it is.
/// </summary>
public static partial class Placeholders
{
    /// <summary>Longest text that can still grow into a placeholder: bracket, 2 spaces, label, 2 separators, 6 digits, 2 spaces.</summary>
    internal const int MaxPendingLength = 1 + 2 + 7 + 2 + 6 + 2;

    private static readonly string[] s_labels = BuildLabels();
    private static readonly string[] s_masks = [.. s_labels.Select(l => $"<{l}>")];

    /// <summary>The label of a type in placeholders, e.g. <c>PERSON</c>, <c>EMAIL</c>, <c>CARD</c>.</summary>
    public static string Label(PiiEntityType type) => s_labels[(int)type];

    /// <summary>The irreversible mask of a type, e.g. <c>&lt;EMAIL&gt;</c>.</summary>
    public static string Mask(PiiEntityType type) => s_masks[(int)type];

    /// <summary>The key of a placeholder in the mapping, e.g. <c>PERSON_1</c>.</summary>
    public static string Key(PiiEntityType type, int number) => $"{s_labels[(int)type]}_{number}";

    /// <summary>The placeholder as it appears in the redacted prompt, e.g. <c>&lt;PERSON_1&gt;</c>.</summary>
    public static string Format(string key) => $"<{key}>";

    /// <summary>
    /// <paramref name="text"/> with every placeholder of <paramref name="mapping"/> (key → value)
    /// replaced by its value.
    /// </summary>
    public static string Restore(string text, IReadOnlyDictionary<string, string> mapping) => Restore(text, mapping, '\0');

    /// <summary>As <see cref="Restore(string, IReadOnlyDictionary{string, string})"/>, where <paramref name="before"/> is the character preceding the text.</summary>
    internal static string Restore(string text, IReadOnlyDictionary<string, string> mapping, char before)
    {
        if (mapping.Count == 0 || text.Length == 0)
        {
            return text;
        }

        var evaluator = new MatchEvaluator(m =>
        {
            var type = m.Groups["type"].ValueSpan;
            var digits = m.Groups["n"].ValueSpan;
            var number = 0;
            foreach (var d in digits)
            {
                number = (number * 10) + (d - '0');
            }

            var key = $"{type.ToString().ToUpperInvariant()}_{number}";
            return mapping.TryGetValue(key, out var value) ? value : m.Value;
        });
        if (before == '\0')
        {
            return PlaceholderPattern().Replace(text, evaluator);
        }

        // Restored with the preceding character in view, so a placeholder is recognised exactly as it
        // would be in the whole text (the lookbehind needs it).
        var restored = PlaceholderPattern().Replace(before + text, evaluator, -1, 1);
        return restored[1..];
    }

    /// <summary>
    /// True when <paramref name="text"/> (preceded by <paramref name="before"/>) could be the
    /// beginning of a placeholder, or a placeholder that further text could still change.
    /// Mirrors <see cref="PlaceholderPattern"/>.
    /// </summary>
    internal static bool CouldGrowIntoPlaceholder(ReadOnlySpan<char> text, char before)
    {
        var i = 0;
        var open = IsOpen(text[0]);
        if (open)
        {
            i = 1 + CountWhiteSpace(text[1..], 2);
            if (i == text.Length)
            {
                return true;
            }
        }
        else if (IsWordChar(before))
        {
            return false;
        }

        var start = i;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            i++;
        }

        var word = text[start..i];
        if (i == text.Length)
        {
            return word.Length > 0 && IsLabelPrefix(word);
        }

        if (!IsLabel(word))
        {
            return false;
        }

        if (open)
        {
            var separators = 0;
            while (i < text.Length && separators < 2 && (text[i] == '_' || char.IsWhiteSpace(text[i])))
            {
                i++;
                separators++;
            }

            if (separators == 0)
            {
                return false;
            }
        }
        else if (text[i] == '_')
        {
            i++;
        }
        else
        {
            return false;
        }

        if (i == text.Length)
        {
            return true;
        }

        var digits = 0;
        while (i < text.Length && digits < 6 && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (digits == 0 || (i < text.Length && char.IsAsciiDigit(text[i])))
        {
            return false;
        }

        // After the number, spaces and a closing bracket may still follow.
        i += CountWhiteSpace(text[i..], 2);
        return i == text.Length;
    }

    private static int CountWhiteSpace(ReadOnlySpan<char> text, int max)
    {
        var count = 0;
        while (count < text.Length && count < max && char.IsWhiteSpace(text[count]))
        {
            count++;
        }

        return count;
    }

    private static bool IsOpen(char c) => c is '<' or '[' or '{';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsLabel(ReadOnlySpan<char> word)
    {
        foreach (var label in s_labels)
        {
            if (word.Equals(label, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLabelPrefix(ReadOnlySpan<char> word)
    {
        foreach (var label in s_labels)
        {
            if (label.AsSpan().StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] BuildLabels()
    {
        var labels = new string[Enum.GetValues<PiiEntityType>().Length];
        foreach (var type in Enum.GetValues<PiiEntityType>())
        {
            labels[(int)type] = type switch
            {
                PiiEntityType.Email => "EMAIL",
                PiiEntityType.Phone => "PHONE",
                PiiEntityType.CreditCard => "CARD",
                PiiEntityType.Iban => "IBAN",
                PiiEntityType.UsSsn => "SSN",
                PiiEntityType.IpAddress => "IP",
                PiiEntityType.UrlWithCredentials => "URL",
                PiiEntityType.Secret => "SECRET",
                PiiEntityType.DateOfBirth => "DOB",
                PiiEntityType.Address => "ADDRESS",
                PiiEntityType.Person => "PERSON",
                _ => type.ToString().ToUpperInvariant(),
            };
        }

        return labels;
    }

    // The label list must match BuildLabels. Brackets and the space separator only count with an
    // opening bracket, so plain prose such as "Email 2" is never taken for a placeholder.
    [GeneratedRegex(
        @"(?<open>[<\[{]\s{0,2})?(?<![A-Za-z0-9_])(?<type>EMAIL|PHONE|CARD|IBAN|SSN|IP|URL|SECRET|DOB|ADDRESS|PERSON)(?(open)[_\s]{1,2}|_)(?<n>[0-9]{1,6})(?![0-9])(?:\s{0,2}[>\]}])?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PlaceholderPattern();
}
