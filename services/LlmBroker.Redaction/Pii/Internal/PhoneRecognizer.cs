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

    /// <summary>Cue words that outweigh a reference word nearby ("order hotline 0800 …").</summary>
    private static readonly WordSet StrongCues = WordSet.Of(
        "phone", "telephone", "tel", "mobile", "cell", "call", "sms", "whatsapp", "fax", "dial", "landline", "hotline", "telefon", "handy",
        "mobil", "rufnummer", "téléphone", "tél", "portable", "teléfono", "telefone", "celular", "móvil", "cellulare", "telefono");

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

            // E.164 allows at most 15 digits; 16 and more are cards, IBAN tails and reference numbers.
            if (digits is < 7 or > 15 || LooksLikeDateOrVersion(span) || (digits >= 13 && Checksums.Luhn(span)))
            {
                continue;
            }

            var end = m.Index + m.Length;
            // "Order 030 12345678": a reference number, whatever its shape; skip before the costly parse.
            if (Context.Near(text, m.Index, end, Decoys.Cues, 3, 0) && !Context.Near(text, m.Index, end, StrongCues, 3, 0))
            {
                continue;
            }

            var candidate = span.ToString();
            var international = span[0] == '+' || span.StartsWith("(+", StringComparison.Ordinal) || span.StartsWith("00", StringComparison.Ordinal);
            if (international)
            {
                if (IsValid(candidate, "ZZ") || IsValid(candidate, "DE"))
                {
                    Add(text, found, m.Index, end, 0.75);
                }
                else
                {
                    // Forms the parser rejects as a whole (+44 (0)20 …, two numbers in one run).
                    FindWithin(text, found, candidate, m.Index);
                }

                continue;
            }

            var trunk = span.TrimStart('(').StartsWith('0');
            foreach (var region in _regions)
            {
                // NANP numbers never start with a trunk 0; most others are written with one.
                if (trunk && region is "US" or "CA")
                {
                    continue;
                }

                if (IsValid(candidate, region))
                {
                    // A national number printed in groups reads as a phone number; a bare digit run needs a cue word.
                    // Seven- and eight-digit local numbers (555-1234) look like too many other things to stand alone.
                    Add(text, found, m.Index, end, DigitGroups(span) >= 2 && digits >= 9 ? 0.55 : 0.3);
                    break;
                }
            }
        }
    }

    private static bool IsValid(string candidate, string region)
    {
        try
        {
            var number = Util.Parse(candidate, region);
            return region == "ZZ" || candidate[0] == '+' || candidate.StartsWith("00", StringComparison.Ordinal) ? Util.IsValidNumber(number) : Util.IsValidNumberForRegion(number, region);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static void FindWithin(string text, List<PiiMatch> found, string candidate, int offset)
    {
        foreach (var match in Util.FindNumbers(candidate, "US", PhoneNumberUtil.Leniency.VALID, 5))
        {
            var start = offset + match.Start;
            Add(text, found, start, start + match.RawString.Length, 0.75);
        }
    }

    private static void Add(string text, List<PiiMatch> found, int start, int end, double score)
    {
        if (Context.Near(text, start, end, Decoys.Cues, 3, 0))
        {
            score -= 0.4;
        }

        score = Context.Score(text, start, end, Cues, score, 6, 1);
        found.Add(new PiiMatch(PiiEntityType.Phone, start, end - start, score));
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
        if (span.Length == 11 && ((span[3] == '-' && span[6] == '-') || (span[3] == ' ' && span[6] == ' ')))
        {
            return true;
        }

        return span.Count('/') >= 2;
    }
}
