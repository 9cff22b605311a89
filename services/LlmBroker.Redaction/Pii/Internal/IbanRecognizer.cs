using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class IbanRecognizer : IPiiRecognizer
{
    public void Find(string text, List<PiiMatch> found)
    {
        foreach (var m in Patterns.IbanCandidate().EnumerateMatches(text))
        {
            // The pattern may run into a following word in capitals: try the longest valid prefix that ends on a group.
            var span = text.AsSpan(m.Index, m.Length);
            for (var end = span.Length; end >= 15; end--)
            {
                if (end < span.Length && span[end] != ' ')
                {
                    continue;
                }

                var candidate = span[..end].TrimEnd(' ');
                if (Checksums.Iban(candidate))
                {
                    found.Add(new PiiMatch(PiiEntityType.Iban, m.Index, candidate.Length, 0.95));
                    break;
                }
            }
        }
    }
}
