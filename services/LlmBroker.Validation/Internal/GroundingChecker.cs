using System.Text;
using System.Text.RegularExpressions;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Validation.Internal;

/// <summary>
/// Checks that quoted passages and numbers in an answer appear in the request's source documents.
/// Sources are the messages listed in <see cref="ValidationRules.SourceMessageIndexes"/> and every
/// message named <c>source</c>.
/// </summary>
internal static partial class GroundingChecker
{
    /// <summary>The name that marks a chat message as a source document.</summary>
    public const string SourceMessageName = "source";

    /// <summary>Quotes shorter than this (after trimming) are not checked: single words are rarely citations.</summary>
    private const int MinimumQuoteLength = 4;

    /// <summary>The source documents of a request (empty when it has none).</summary>
    public static IReadOnlyList<string> Sources(PromptRequest request, int messageCount)
    {
        var indexes = request.Validation?.SourceMessageIndexes ?? [];
        var sources = new List<string>();
        for (var i = 0; i < messageCount && i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (indexes.Contains(i) || string.Equals(message.Name, SourceMessageName, StringComparison.OrdinalIgnoreCase))
            {
                sources.Add(message.Content);
            }
        }

        return sources;
    }

    /// <summary>One reason per quote or number of <paramref name="answer"/> not found in <paramref name="sources"/>.</summary>
    public static IReadOnlyList<string> Ungrounded(string answer, IReadOnlyList<string> sources)
    {
        var text = Normalize(string.Join("\n", sources));
        var numbers = Numbers().Matches(string.Join("\n", sources)).Select(m => CanonicalNumber(m.Value)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (Match quote in Quotes().Matches(answer))
        {
            var passage = quote.Groups["q"].Value.Trim();
            if (passage.Length >= MinimumQuoteLength && !text.Contains(Normalize(passage), StringComparison.Ordinal))
            {
                problems.Add($"the quoted passage \"{passage}\" does not appear in the sources");
            }
        }

        var withoutQuotesOrMarkers = ListMarkers().Replace(Placeholders().Replace(answer, " "), " ");
        foreach (var number in Numbers().Matches(withoutQuotesOrMarkers).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            if (!numbers.Contains(CanonicalNumber(number)))
            {
                problems.Add($"the number {number} does not appear in the sources");
            }
        }

        return problems;
    }

    /// <summary>Case, typographic quotes and runs of whitespace do not matter when comparing text.</summary>
    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c switch { '\u2018' or '\u2019' => '\'', '\u201C' or '\u201D' => '"', _ => char.ToLowerInvariant(c) });
        }

        return builder.ToString();
    }

    /// <summary>"1,250" and "1250" are the same number; "3.50" and "3.5" too.</summary>
    private static string CanonicalNumber(string number)
    {
        var digits = number.Replace(",", "", StringComparison.Ordinal);
        return digits.Contains('.', StringComparison.Ordinal) ? digits.TrimEnd('0').TrimEnd('.') : digits;
    }

    [GeneratedRegex("[\"\u201C\u00AB](?<q>[^\"\u201C\u201D\u00AB\u00BB\\n]{1,500})[\"\u201D\u00BB]", RegexOptions.CultureInvariant)]
    private static partial Regex Quotes();

    [GeneratedRegex(@"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Numbers();

    /// <summary>Numbered list markers ("1." or "2)" at the start of a line) are structure, not claims.</summary>
    [GeneratedRegex(@"(?m)^\s*\d{1,2}[.)](?=\s)", RegexOptions.CultureInvariant)]
    private static partial Regex ListMarkers();

    /// <summary>PII placeholders such as &lt;PERSON_1&gt; or [EMAIL_2] carry numbers that are not claims.</summary>
    [GeneratedRegex(@"[<\[]\s*[A-Z][A-Z_]*_\d+\s*[>\]]", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholders();
}
