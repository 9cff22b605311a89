using System.Text.RegularExpressions;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Pipeline.Tests.Privacy;

/// <summary>
/// A small regex detector for tests: e-mails, phone numbers, card numbers, names with a title, and
/// API-key-like secrets. Only values a production detector also finds are used in the tests, so the
/// production detector can replace this one.
/// </summary>
internal sealed partial class TestPiiDetector : IPiiDetector
{
    public static TestPiiDetector Instance { get; } = new();

    public IReadOnlyList<PiiMatch> Detect(string text)
    {
        List<PiiMatch>? matches = null;
        foreach (Match m in Pattern().Matches(text))
        {
            var type = m.Groups["email"].Success ? PiiEntityType.Email
                : m.Groups["card"].Success ? PiiEntityType.CreditCard
                : m.Groups["phone"].Success ? PiiEntityType.Phone
                : m.Groups["secret"].Success ? PiiEntityType.Secret
                : PiiEntityType.Person;
            var group = m.Groups["person"].Success ? m.Groups["person"] : m;
            (matches ??= []).Add(new PiiMatch(type, group.Index, group.Length, 0.9));
        }

        return matches ?? (IReadOnlyList<PiiMatch>)[];
    }

    [GeneratedRegex(
        @"(?<email>\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b)"
        + @"|(?<card>\b(?:\d{4}[ -]){3}\d{4}\b)"
        + @"|(?<phone>\+\d{1,3}[ -]?\(?\d{1,4}\)?(?:[ -]?\d{2,4}){2,4}\b)"
        + @"|(?<secret>\bsk-[A-Za-z0-9]{20,}\b)"
        + @"|(?:\b(?:Mr|Mrs|Ms|Dr)\.?\s(?<person>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))",
        RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
