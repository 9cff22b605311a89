using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class AddressRecognizer : IPiiRecognizer
{
    private const int Before = 150;
    private const int After = 60;

    private static readonly string[] PolishStreetPrefixes = ["ul. ", "al. ", "pl. ", "os. ", "aleja ", "ulica "];

    /// <summary>Street words that start an address whose number follows the name and whose postcode, if any, may come anywhere after.</summary>
    private static readonly string[] LeadStreetPrefixes = ["Av. ", "Avda. ", "Avenida ", "Calle ", "Calzada ", "Carrera ", "Jr. ", "Jirón ", "Jl. ", "Jln. ", "Jalan "];

    public void Find(string text, List<PiiMatch> found)
    {
        // Every supported format ends in a postcode of a known shape: find those in one pass over the
        // digit runs, then run each country's pattern only over the text just around them.
        List<(int Start, int End)>? us = null, uk = null, continental = null, nl = null, pt = null, pl = null;
        List<(int Start, int End)>? ca = null, au = null, br = null, india = null, jp = null, fourDigit = null;
        List<(int Start, int End)>? cz = null, ie = null, trailing = null, lead = null, box = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > 0 && char.IsAsciiDigit(text[i - 1])))
            {
                continue;
            }

            var j = i;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            var length = j - i;
            var spaceAfter = j + 1 < text.Length && text[j] == ' ';
            if (length == 5)
            {
                // "TX 78701", "Calif. 94158", "California 94158".
                if (i >= 3 && text[i - 1] == ' ' && char.IsAsciiLetter(text[i - 2]) && (char.IsAsciiLetter(text[i - 3]) || text[i - 3] == '.'))
                {
                    Windows.Add(us ??= [], text, i - Before, j + After);
                }

                if (spaceAfter && char.IsUpper(text[j + 1]))
                {
                    Windows.Add(continental ??= [], text, i - Before, j + After);
                }

                if (DigitsAt(text, j, '-', 3))
                {
                    // Brazilian CEP 01310-100.
                    Windows.Add(br ??= [], text, i - Before - 60, j + After);
                }
            }
            else if (length == 4 && i > 0 && text[i - 1] == ' ' && j + 5 < text.Length && text[j] == '-' && char.IsAsciiDigit(text[j + 1])
                && char.IsAsciiDigit(text[j + 2]) && char.IsAsciiDigit(text[j + 3]) && text[j + 4] == ' ' && char.IsUpper(text[j + 5]))
            {
                // Portuguese 1100-053 Lisboa.
                Windows.Add(pt ??= [], text, i - Before, j + After);
            }
            else if (length == 4)
            {
                // Austrian, Swiss, Belgian, Danish, Norwegian "1060 Wien" after a street.
                if (spaceAfter && char.IsUpper(text[j + 1]) && i > 0 && text[i - 1] is ' ' or '\n' or '-')
                {
                    Windows.Add(fourDigit ??= [], text, i - Before, j + After);
                }

                var k = spaceAfter ? j + 1 : j;
                if (k + 1 < text.Length && char.IsAsciiLetterUpper(text[k]) && char.IsAsciiLetterUpper(text[k + 1]))
                {
                    Windows.Add(nl ??= [], text, i - Before, j + After);
                }

                // Australian state and postcode: "NSW 2000", "Victoria 3000".
                if (i >= 3 && text[i - 1] == ' ' && (j == text.Length || !char.IsLetterOrDigit(text[j]))
                    && (char.IsAsciiLetterUpper(text[i - 2]) || text.AsSpan(0, i - 1).EndsWith("ia", StringComparison.Ordinal) || text.AsSpan(0, i - 1).EndsWith("Wales", StringComparison.Ordinal) || text.AsSpan(0, i - 1).EndsWith("Territory", StringComparison.Ordinal)))
                {
                    Windows.Add(au ??= [], text, i - Before, j + After);
                }
            }
            else if (length == 6 || (length == 3 && DigitsAt(text, j, ' ', 3)))
            {
                // Indian PIN 560001 or 560 001.
                Windows.Add(india ??= [], text, i - Before - 60, j + After);
            }
            else if (length == 1 && i > 0 && text[i - 1] == ' ' && j + 1 < text.Length
                && char.IsAsciiLetterUpper(text[j]) && char.IsAsciiLetterUpper(text[j + 1]) && (j + 2 == text.Length || !char.IsLetter(text[j + 2])))
            {
                Windows.Add(uk ??= [], text, i - Before, j + After);
            }

            if (length == 3 && DigitsAt(text, j, ' ', 2) && j + 4 < text.Length && text[j + 3] == ' ' && char.IsUpper(text[j + 4]))
            {
                // Swedish "111 21 Stockholm", Czech and Slovak "100 00 Praha 10".
                Windows.Add(fourDigit ??= [], text, i - Before, j + After);
                Windows.Add(cz ??= [], text, i - Before, j + After);
            }

            if (length == 3 && DigitsAt(text, j, '-', 4))
            {
                // Japanese 150-0002 (after the address, or first after 〒).
                Windows.Add(jp ??= [], text, i - Before, j + After + 60);
            }

            if (length == 2 && i >= 2 && char.IsAsciiLetterUpper(text[i - 1]) && text[i - 2] is ' ' or ',' or '\n' && IsEircodeEnd(text, j))
            {
                // Irish Eircode D04 X2P7.
                Windows.Add(ie ??= [], text, i - Before, j + After);
            }

            if (length == 4 && i >= 2 && text[i - 1] == ' ' && text[i - 2] == ',' && (j == text.Length || !char.IsLetterOrDigit(text[j])))
            {
                // A bare postcode last, after a comma: "…, Cape Town, 8001".
                Windows.Add(trailing ??= [], text, i - Before, j + 1);
            }

            if (length == 1 && i >= 3 && IsCanadianPostcodeEnd(text, i, j))
            {
                Windows.Add(ca ??= [], text, i - Before - 30, j + After);
            }

            i = j;
        }

        // Polish streets start with ul. / al. / pl. and may have no postcode.
        foreach (var prefix in PolishStreetPrefixes)
        {
            for (var at = text.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = text.IndexOf(prefix, at + prefix.Length, StringComparison.Ordinal))
            {
                if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
                {
                    Windows.Add(pl ??= [], text, at, at + Before);
                }
            }
        }

        // Post-office boxes whose postcode the digit scan does not see: "P.O. Box 30417-00100, Nairobi", "Box 1184, 172 23 Sundbyberg".
        for (var at = text.IndexOf("Box ", StringComparison.Ordinal); at >= 0; at = text.IndexOf("Box ", at + 4, StringComparison.Ordinal))
        {
            Windows.Add(box ??= [], text, at - 8, at + After);
        }

        foreach (var prefix in LeadStreetPrefixes)
        {
            for (var at = text.IndexOf(prefix, StringComparison.Ordinal); at >= 0; at = text.IndexOf(prefix, at + prefix.Length, StringComparison.Ordinal))
            {
                if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
                {
                    Windows.Add(lead ??= [], text, at, at + Before);
                }
            }
        }

        if (us is null && uk is null && continental is null && nl is null && pt is null && pl is null && ca is null && au is null && br is null && india is null && jp is null && fourDigit is null
            && ie is null && trailing is null && lead is null && box is null)
        {
            PartAddressReader.Find(text, found);
            return;
        }

        var matches = new List<(int Index, int Length)>();
        if (us is not null)
        {
            Windows.Matches(text, Patterns.UsAddress(), us, matches);
        }

        if (ca is not null)
        {
            Windows.Matches(text, Patterns.CaAddress(), ca, matches);
        }

        if (au is not null)
        {
            Windows.Matches(text, Patterns.AuAddress(), au, matches);
        }

        if (uk is not null)
        {
            Windows.Matches(text, Patterns.UkAddress(), uk, matches);
        }

        if (continental is not null)
        {
            Windows.Matches(text, Patterns.DeAddress(), continental, matches);
            Windows.Matches(text, Patterns.FrAddress(), continental, matches);
            Windows.Matches(text, Patterns.ItEsAddress(), continental, matches);
        }

        if (pt is not null)
        {
            Windows.Matches(text, Patterns.PtAddress(), pt, matches);
        }

        if (fourDigit is not null)
        {
            Windows.Matches(text, Patterns.StreetFirstAddress(), fourDigit, matches);
        }

        if (br is not null)
        {
            Windows.Matches(text, Patterns.BrAddress(), br, matches);
        }

        if (pl is not null)
        {
            Windows.Matches(text, Patterns.PlAddress(), pl, matches);
        }

        if (nl is not null)
        {
            Windows.Matches(text, Patterns.NlAddress(), nl, matches);
        }

        if (cz is not null)
        {
            Windows.Matches(text, Patterns.CzAddress(), cz, matches);
        }

        if (ie is not null)
        {
            Windows.Matches(text, Patterns.IeAddress(), ie, matches);
        }

        if (trailing is not null)
        {
            Windows.Matches(text, Patterns.TrailingPostcodeAddress(), trailing, matches);
        }

        // A post-office box has no street: "Postfach 10 22 41, 50462 Köln", "BP 412, 33000 Bordeaux".
        if (continental is not null || fourDigit is not null || pt is not null || br is not null || nl is not null || box is not null)
        {
            var boxes = new List<(int Index, int Length)>();
            foreach (var windows in (ReadOnlySpan<List<(int Start, int End)>?>)[continental, fourDigit, pt, br, nl, box])
            {
                if (windows is not null)
                {
                    Windows.Matches(text, Patterns.PoBoxAddress(), windows, boxes);
                }
            }

            // The same box can lie in two countries' windows.
            matches.AddRange(boxes.Distinct());
        }

        foreach (var (index, length) in matches)
        {
            // Above a name's best score: a street named after a person ("Nehru Marg") is part of the address.
            AddWithBuilding(text, found, index, length);
        }

        // Indian and Japanese addresses have no fixed street word order: a loose shape, kept only with a telling word.
        if (india is not null)
        {
            AddCued(text, Patterns.InAddressCandidate(), Patterns.InStreetCue(), india, found);
        }

        if (jp is not null)
        {
            AddCued(text, Patterns.JpAddressCandidate(), Patterns.JpCue(), jp, found);
        }

        if (lead is not null)
        {
            AddLeadStreets(text, lead, found);
        }

        // Any other country's layout, read part by part from the address table.
        PartAddressReader.Find(text, found);
    }

    /// <summary>
    /// Streets that start with their street word ("Av. Corrientes 1847, …"), kept when more than a street and one place follows:
    /// a unit, a district word, a postcode, or two places. A match that overlaps an address already found is left to it.
    /// </summary>
    private static void AddLeadStreets(string text, List<(int Start, int End)> windows, List<PiiMatch> found)
    {
        var regex = Patterns.LeadStreetAddress();
        foreach (var (start, end) in windows)
        {
            for (var m = regex.Match(text, start, end - start); m.Success; m = m.NextMatch())
            {
                if (!m.Groups["unit"].Success && !m.Groups["postcode"].Success && !m.Groups["district"].Success && m.Groups["part"].Captures.Count < 2)
                {
                    continue;
                }

                if (!found.Exists(f => f.Type == PiiEntityType.Address && f.Start < m.Index + m.Length && m.Index < f.Start + f.Length))
                {
                    AddWithBuilding(text, found, m.Index, m.Length);
                }
            }
        }
    }

    private static void AddCued(string text, Regex candidate, Regex cue, List<(int Start, int End)> windows, List<PiiMatch> found)
    {
        var matches = new List<(int Index, int Length)>();
        Windows.Matches(text, candidate, windows, matches);
        foreach (var (index, length) in matches)
        {
            if (cue.IsMatch(text.AsSpan(index, length)))
            {
                AddWithBuilding(text, found, index, length);
            }
        }
    }

    /// <summary>The address, with up to two building or unit lines before it ("Flat 11, Albion Court, 3 Queen Street, …").</summary>
    private static void AddWithBuilding(string text, List<PiiMatch> found, int index, int length)
    {
        var end = index + length;
        // A postcode that ends a sentence ends the address: "… NSW 2021. Mobile 0412 883 907" is a phone after it
        // ("2. OG", "3. Stock" are German ordinal floors, one or two digits).
        for (var k = index + 3; k + 1 < end; k++)
        {
            if (text[k] == '.' && char.IsAsciiDigit(text[k - 1]) && char.IsAsciiDigit(text[k - 2]) && char.IsAsciiDigit(text[k - 3]) && char.IsWhiteSpace(text[k + 1]))
            {
                end = k;
                break;
            }
        }

        // Nor is a registration number's line after it ("…, Sydney NSW 2000\nABN 51 824 753 556").
        for (var lineStart = text.LastIndexOf('\n', end - 1, end - index); lineStart > index; lineStart = text.LastIndexOf('\n', end - 1, end - index))
        {
            if (!PartAddressReader.IsIdentifierLine(text.AsSpan(lineStart + 1, end - lineStart - 1)))
            {
                break;
            }

            end = lineStart;
            while (end > index && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] == ','))
            {
                end--;
            }
        }

        // A unit after the street ("Umeda 3-1-3, Room 805", "… Street, Suite 200") belongs to the address.
        foreach (var m in Patterns.TrailingUnit().EnumerateMatches(text.AsSpan(end, Math.Min(40, text.Length - end))))
        {
            end += m.Length;
            break;
        }

        // A known city after a box or a street with no postcode of its own: "…, P.O. Box 118232, Dubai".
        end = PartAddressReader.AbbreviationDotAfter(text, PartAddressReader.KnownPlaceAfter(text, end));

        // A phone or identifier line the loose patterns ran over ("080 4127 6650\nNo. 42, 2nd Cross, …") is not the
        // address's first line.
        for (var lineEnd = text.IndexOf('\n', index, end - index); lineEnd >= 0; lineEnd = text.IndexOf('\n', index, end - index))
        {
            if (!PartAddressReader.HoldsLongNumber(text.AsSpan(index, lineEnd - index)))
            {
                break;
            }

            index = lineEnd + 1;
            while (index < end && char.IsWhiteSpace(text[index]))
            {
                index++;
            }
        }

        // The block of a Singapore or Philippine address leads its house number: "Blk 231 Bishan Street 22".
        if (char.IsAsciiDigit(text[index]) && BlockBefore(text, index) is var block and >= 0)
        {
            index = block;
        }

        for (var n = 0; n < 2; n++)
        {
            // A separator (comma and space, or a line break) right before the address.
            var i = index;
            while (i > 0 && text[i - 1] is ' ' or '\t' or '\r' or '\n')
            {
                i--;
            }

            var lineBreak = text.AsSpan(i, index - i).Contains('\n');
            if (i > 0 && text[i - 1] == ',')
            {
                i--;
            }
            else if (!lineBreak || i == index)
            {
                break;
            }

            var from = Math.Max(0, i - 48);
            var before = text.AsSpan(from, i - from);
            var stop = before.LastIndexOfAny(",\n:;(\"“«");
            if (stop >= 0)
            {
                before = before[(stop + 1)..];
                from += stop + 1;
            }

            var matched = false;
            foreach (var m in Patterns.BuildingLine().EnumerateMatches(before))
            {
                index = from + m.Index;
                matched = true;
                break;
            }

            if (!matched)
            {
                break;
            }
        }

        // A street written without a number before the plot or post box that stands for it: "Moi Avenue, Plot 412/MN, …".
        index = PartAddressReader.BareStreetBefore(text, index);
        found.Add(new PiiMatch(PiiEntityType.Address, index, end - index, 0.92));
    }

    /// <summary>Where a block word written right before <paramref name="index"/> starts ("Blk 231", "Block 5"), or -1.</summary>
    private static int BlockBefore(string text, int index)
    {
        foreach (var word in (ReadOnlySpan<string>)["Blk ", "Blk. ", "Block "])
        {
            var at = index - word.Length;
            if (at >= 0 && text.AsSpan(at, word.Length).SequenceEqual(word) && (at == 0 || !char.IsLetterOrDigit(text[at - 1])))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="count"/> digits follow <paramref name="separator"/> at <paramref name="at"/>, and then no digit.</summary>
    private static bool DigitsAt(string text, int at, char separator, int count)
    {
        if (at + count >= text.Length || text[at] != separator)
        {
            return false;
        }

        for (var n = 1; n <= count; n++)
        {
            if (!char.IsAsciiDigit(text[at + n]))
            {
                return false;
            }
        }

        return at + count + 1 == text.Length || !char.IsAsciiDigit(text[at + count + 1]);
    }

    /// <summary>Whether an Eircode's four-character unique identifier follows its routing key ending at <paramref name="j"/>: " X2P7".</summary>
    private static bool IsEircodeEnd(string text, int j)
    {
        if (j + 4 >= text.Length || text[j] != ' ')
        {
            return false;
        }

        var digits = 0;
        for (var n = 1; n <= 4; n++)
        {
            var c = text[j + n];
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }

            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        return digits is > 0 and < 4 && (j + 5 == text.Length || !char.IsLetterOrDigit(text[j + 5]));
    }

    /// <summary>Whether the one-digit run at [i, j) is the second half's first digit of a Canadian postcode: "K1A 0B1" or "K1A0B1".</summary>
    private static bool IsCanadianPostcodeEnd(string text, int i, int j)
    {
        if (j + 1 >= text.Length || !char.IsAsciiLetterUpper(text[j]) || !char.IsAsciiDigit(text[j + 1]) || (j + 2 < text.Length && char.IsLetterOrDigit(text[j + 2])))
        {
            return false;
        }

        var k = text[i - 1] == ' ' ? i - 2 : i - 1;
        return k >= 2 && char.IsAsciiLetterUpper(text[k]) && char.IsAsciiDigit(text[k - 1]) && char.IsAsciiLetterUpper(text[k - 2]);
    }
}
