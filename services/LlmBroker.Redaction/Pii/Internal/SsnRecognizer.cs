using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class SsnRecognizer : IPiiRecognizer
{
    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static readonly WordSet Cues = WordSet.Of("ssn", "ssns", "social", "security", "ss#", "taxpayer", "tin", "itin", "ssa");

    private static readonly System.Buffers.SearchValues<string> SsnWords = System.Buffers.SearchValues.Create(["ssn", "social security"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a word of the text names the SSN ("SSN", "social security", "ITIN"): the text is about SSNs.</summary>
    private static bool MentionsSsn(string text)
    {
        foreach (var range in text.AsSpan().SplitAny(" \n\r\t,.;:()[]\"'-/"))
        {
            if (Cues.Contains(text.AsSpan()[range]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A reference word (order, invoice, price) within three words before the number on its line, and not a capitalised
    /// word after another, which is a name ("Yolanda Price — 375-14-5977").
    /// </summary>
    private static bool DecoyBefore(string text, int start)
    {
        var line = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        var i = start;
        for (var n = 0; n < 3 && Context.PreviousWord(text, ref i, line, out var word); n++)
        {
            if (!Decoys.Cues.Contains(word))
            {
                continue;
            }

            var before = i;
            var named = char.IsUpper(word[0]) && Context.PreviousWord(text, ref before, line, out var previous) && char.IsUpper(previous[0])
                && before + previous.Length + 1 == i;
            if (!named)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Words right before the number that name another kind of number: "Customer no. 300-44-1187", "member 512-…".</summary>
    private static readonly WordSet OtherNumbers = WordSet.Of(
        "customer", "client", "account", "acct", "member", "policy", "contract", "employee", "order", "case", "claim", "routing", "aba", "phone",
        "fax", "ein", "npi", "dea", "license", "licence", "badge", "patient", "mrn", "kunden", "kundennummer", "cliente", "klant");

    /// <summary>Words of a sentence that name a number other than the SSN, between the SSN word and the number.</summary>
    private static readonly WordSet OtherNumberWords = WordSet.Of(
        "routing", "aba", "account", "acct", "phone", "fax", "ein", "itin", "npi", "order", "invoice", "member", "policy", "zip", "card");

    /// <summary>
    /// "payroll needs your SSN confirmed before the first run: the form says 301550172": an unformatted nine-digit number
    /// later in the sentence that names the SSN, with no word naming another number between.
    /// </summary>
    private static bool NamedEarlierInSentence(string text, int start)
    {
        var limit = Math.Max(0, start - 120);
        for (var k = start - 1; k > limit; k--)
        {
            if (text[k] is '.' or '!' or '?' or '\n' && (k + 1 >= text.Length || char.IsWhiteSpace(text[k + 1])))
            {
                limit = k;
                break;
            }
        }

        var i = start;
        for (var n = 0; n < 14 && Context.PreviousWord(text, ref i, limit, out var word); n++)
        {
            if (OtherNumberWords.Contains(word))
            {
                return false;
            }

            if (Cues.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    public void Find(string text, List<PiiMatch> found)
    {
        foreach (var m in Patterns.Ssn().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length);
            var separated = span.Length == 11;
            var area = Number(span[..3]);
            var group = Number(separated ? span.Slice(4, 2) : span.Slice(3, 2));
            var serial = Number(separated ? span.Slice(7, 4) : span.Slice(5, 4));
            if (!Checksums.Ssn(area, group, serial))
            {
                continue;
            }

            var score = !separated ? 0.2 : span[3] == '-' ? 0.6 : 0.45;
            var end = m.Index + m.Length;
            if (DecoyBefore(text, m.Index) || Context.Near(text, m.Index, end, OtherNumbers, 2, 0))
            {
                score -= 0.4;
            }

            // "SSN", "social security" name the number outright: stronger than a phone cue such as "number".
            if (Context.Near(text, m.Index, end, Cues, 6, 1) || InNamedColumn(text, m.Index, end) || AnswersQuestionNamingSsn(text, m.Index)
                || (!separated && NamedEarlierInSentence(text, m.Index)))
            {
                score = Math.Max(score + Context.Boost, 0.8);
            }
            else if (separated && score > 0.2 && text.AsSpan().ContainsAny(SsnWords) && MentionsSsn(text))
            {
                // "Subject: wrong SSN on two W-2s … Lucía Ortega: W-2 shows 146 55 6865": a grouped number where the text is
                // about SSNs, however far from the word.
                score = Math.Max(score, 0.65);
            }

            found.Add(new PiiMatch(PiiEntityType.UsSsn, m.Index, m.Length, score));
        }
    }
    /// <summary>
    /// "… I still need your SSN for the I-9, can you reply here?  Kayla: sure it's 544 18 2290": the answer to a question
    /// that names the number, within the next few words after the question mark.
    /// </summary>
    internal static bool AnswersQuestionNamingSsn(string text, int start)
    {
        var question = text.LastIndexOf('?', start - 1 < 0 ? 0 : start - 1, Math.Min(start, 80));
        if (question < 0)
        {
            return false;
        }

        // Few words between the question and the number: the number opens the answer.
        var words = 0;
        var i = start;
        while (Context.PreviousWord(text, ref i, question, out _))
        {
            words++;
        }

        return words <= 8 && Context.Near(text, question, question, Cues, 15, 0, Math.Max(0, question - 200));
    }

    /// <summary>
    /// Whether the number is a whole field of a table (CSV, TSV, pipes) whose header row names that column an SSN
    /// (<c>name,dob,ssn</c>, <c>| Social Security No |</c>): however far below the header, in any of the three layouts.
    /// </summary>
    private static bool InNamedColumn(string text, int start, int end)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (lineStart == 0)
        {
            return false;
        }

        var lineEnd = text.IndexOf('\n', end);
        var row = text.AsSpan(lineStart, (lineEnd < 0 ? text.Length : lineEnd) - lineStart);
        var separator = row.Contains('\t') ? '\t' : row.Contains('|') ? '|' : row.Contains(';') ? ';' : ',';
        var column = -1;
        var index = 0;
        foreach (var range in row.Split(separator))
        {
            var (fieldStart, fieldLength) = range.GetOffsetAndLength(row.Length);
            var field = row.Slice(fieldStart, fieldLength);
            var offset = lineStart + fieldStart + (field.Length - field.TrimStart(" \"'").Length);
            if (offset == start && field.Trim(" \"'\r").Length == end - start)
            {
                column = index;
                break;
            }

            index++;
        }

        if (column < 0)
        {
            return false;
        }

        // The header: the first line of the block of rows holding the separator.
        var headerStart = lineStart;
        while (headerStart > 0)
        {
            var previousStart = text.LastIndexOf('\n', Math.Max(0, headerStart - 2)) + 1;
            var previous = text.AsSpan(previousStart, headerStart - 1 - previousStart);
            if (previous.IsWhiteSpace() || !previous.Contains(separator))
            {
                break;
            }

            headerStart = previousStart;
            if (previousStart == 0)
            {
                break;
            }
        }

        if (headerStart == lineStart)
        {
            return false;
        }

        var headerEnd = text.IndexOf('\n', headerStart);
        var header = text.AsSpan(headerStart, headerEnd - headerStart);
        index = 0;
        foreach (var range in header.Split(separator))
        {
            if (index++ == column)
            {
                var name = header[range].Trim(" \"'\r*_|");
                return Cues.Contains(name) || name.StartsWith("ssn", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("social", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }
}
