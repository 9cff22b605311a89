using PhoneNumbers;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// Phone numbers: a cheap pattern finds digit runs that could be numbers, then libphonenumber checks
/// each one (international format for any region, national format for the configured regions).
/// </summary>
internal sealed class PhoneRecognizer(IReadOnlyList<string> regions) : IPiiRecognizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private static readonly WordSet Cues = WordSet.Of(
        "phone", "telephone", "tel", "mobile", "cell", "call", "text", "sms", "whatsapp", "fax", "contact", "number", "reach", "dial",
        "ring", "landline", "hotline", "telefon", "handy", "mobil", "rufnummer", "anrufen", "téléphone", "tél", "portable", "appeler",
        "teléfono", "telefone", "celular", "móvil", "cellulare", "telefono", "telefoonnummer", "bellen", "ph", "mob", "phones");

    private readonly string[] _regions = [.. regions.Select(r => r.Trim().ToUpperInvariant())];

    public void Find(string text, List<PiiMatch> found)
    {
        foreach (var m in Patterns.PhoneCandidate().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length);
            var digits = 0;
            foreach (var c in span)
            {
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                }
            }

            if (digits is < 7 or > 16 || LooksLikeDateOrVersion(span))
            {
                continue;
            }

            var candidate = span.ToString();
            var international = span[0] == '+' || span.StartsWith("(+", StringComparison.Ordinal) || span.StartsWith("00", StringComparison.Ordinal);
            if (international)
            {
                if (TryFind(candidate, "US", m.Index, text, found, international: true))
                {
                    continue;
                }
            }

            foreach (var region in _regions)
            {
                if (TryFind(candidate, region, m.Index, text, found, international: false))
                {
                    break;
                }
            }
        }
    }

    private static bool TryFind(string candidate, string region, int offset, string text, List<PiiMatch> found, bool international)
    {
        var any = false;
        foreach (var match in Util.FindNumbers(candidate, region, PhoneNumberUtil.Leniency.VALID, 5))
        {
            any = true;
            var start = offset + match.Start;
            var end = start + match.RawString.Length;
            var raw = match.RawString.AsSpan();
            var isInternational = international || raw[0] == '+';
            double score;
            if (isInternational)
            {
                score = 0.75;
            }
            else
            {
                // A national number printed in groups reads as a phone number; a bare digit run needs a cue word.
                var grouped = DigitGroups(raw) >= 2;
                score = grouped ? 0.55 : 0.3;
            }

            if (Context.Near(text, start, end, Decoys.Cues, 3, 0))
            {
                score -= 0.4;
            }

            score = Context.Score(text, start, end, Cues, score, 6, 1);
            found.Add(new PiiMatch(PiiEntityType.Phone, start, end - start, score));
        }

        return any;
    }

    private static int DigitGroups(ReadOnlySpan<char> raw)
    {
        var groups = 0;
        for (var k = 0; k < raw.Length; k++)
        {
            if (char.IsAsciiDigit(raw[k]) && (k == 0 || !char.IsAsciiDigit(raw[k - 1])))
            {
                groups++;
            }
        }

        return groups;
    }

    /// <summary>ISO and day-first dates, dotted versions and similar shapes that libphonenumber may accept.</summary>
    private static bool LooksLikeDateOrVersion(ReadOnlySpan<char> span)
    {
        if (span.Count('.') is 2 or 3 && !span.Contains(' '))
        {
            // 1.2.3.4-style versions and 12.03.1985 dates have short groups; 213.555.0142 has none.
            foreach (var range in span.Split('.'))
            {
                if (span[range].Length < 3)
                {
                    return true;
                }
            }
        }

        if (span.Length == 10 && span[4] == '-' && span[7] == '-')
        {
            return true;
        }

        // 123-45-6789 is the shape of a US SSN, not of any phone format.
        if (span.Length == 11 && span[3] == '-' && span[6] == '-')
        {
            return true;
        }

        return span.Count('/') >= 2;
    }
}
