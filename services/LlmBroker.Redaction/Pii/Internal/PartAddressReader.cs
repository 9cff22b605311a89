using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// Reads addresses of any country in <see cref="AddressLayouts"/> as a run of short parts (split at commas, line breaks,
/// colons and sentence ends): up to three unit or building parts, one street part, then unit, district, postcode and
/// place parts. A street part holds a street word of some layout and a house number (or the number sits in a unit part
/// before it, "Office 1207, …, Sheikh Zayed Road"); a part of "number and name" with no street word counts only when a
/// district part follows ("68 Nguyễn Huệ, Phường Bến Nghé"). An address is kept only with a street part plus at least one
/// of: a postcode of some layout's shape, a unit or building part, a district part, a known city or region, or two places.
/// </summary>
internal static class PartAddressReader
{
    private const int MaxLeading = 4;
    private const int MaxTrailing = 6;
    private const int MaxPartWords = 9;

    private static readonly WordSet StreetWords;
    private static readonly WordSet AnyStreetWords = new(AddressLayouts.All.SelectMany(l => l.StreetWords).Where(w => w[0] != '-'));
    private static readonly WordSet UnitWords;
    private static readonly WordSet DistrictWords;
    private static readonly WordSet PlaceWords;
    private static readonly WordSet Abbreviations;
    private static readonly string[] StreetSuffixes;

    /// <summary>Street, unit and district words the table writes in lower case ("ul.", "kv.", "lok.", "utca"): the only lower-case words a part may hold besides connectors.</summary>
    private static readonly HashSet<string> LowerWords;
    private static readonly HashSet<string> LowerStreetWords;
    private static readonly HashSet<string> LowerUnitWords;
    private static readonly HashSet<string> LowerDistrictWords;
    private static readonly string[] DistrictSuffixes;

    /// <summary>Lower-case words that may sit inside a street or place name.</summary>
    private static readonly WordSet Connectors = new(["de", "del", "della", "di", "da", "do", "dos", "das", "la", "las", "los", "el", "le", "les", "du", "des", "van", "der", "den", "von", "bin", "binti", "al", "phố"]);

    /// <summary>Labels that end an address even when capitalised ("… Dubai Contact: …").</summary>
    private static readonly WordSet StopWords = new(["Tel", "Tél", "Telp", "Phone", "Ph", "Mobile", "Mob", "Cell", "Fax", "Email", "E-mail", "Contact", "Contacto", "Kontak", "Notify", "Attn", "Re", "Subject", "Name", "Nombre", "Date", "Fecha", "Dear", "Hi", "Hello", "Regards", "Thanks", "Thank", "Please", "Call", "The", "This", "We", "I", "Our", "Your", "My", "He", "She", "They", "It", "If", "When", "For", "From", "To", "And", "Or", "But", "In", "On", "At", "By", "With", "Is", "Mr", "Mrs", "Ms", "Dr", "SĐT", "HP", "WA", "Telefon", "Telefone", "Teléfono", "Celular", "Mail", "Ref", "Order", "Invoice", "Ticket", "Case", "Claim", "Season", "Episode", "Chapter", "Version", "Model", "Release", "Page", "Item", "Step", "Address", "Adresse", "Anschrift", "Adres", "Adresa", "Indirizzo", "Dirección", "Endereço", "Lieferadresse", "Rechnungsadresse"]);

    private static readonly Regex Postcode;

    static PartAddressReader()
    {
        var units = AddressLayouts.All.SelectMany(l => l.UnitWords).Concat(AddressLayouts.SharedUnitWords).ToList();
        StreetWords = new WordSet(AddressLayouts.All.SelectMany(l => l.StreetWords).Where(w => w[0] != '-' && !char.IsLower(w[0])));
        UnitWords = new WordSet(units.Where(w => !char.IsLower(w[0])).Concat(["Menara", "Gedung", "Wisma", "Edificio", "Edifício", "Torre", "Bâtiment", "Immeuble", "Residence", "Résidence", "Centre", "Center", "Plaza", "House", "Court", "Estate", "Bldg", "Building", "Tower", "Towers", "Mansion", "Heights", "Kat", "Daire", "Oficina", "Dpto", "Depto", "Piso", "Int", "Lt", "Kav", "Tầng", "étage", "Floor"]));
        DistrictWords = new WordSet(AddressLayouts.All.SelectMany(l => l.DistrictWords).Where(w => w[0] != '-' && !char.IsLower(w[0])));
        LowerStreetWords = [.. AddressLayouts.All.SelectMany(l => l.StreetWords).Where(w => char.IsLower(w[0]))];
        LowerUnitWords = [.. AddressLayouts.All.SelectMany(l => l.UnitWords).Where(w => char.IsLower(w[0])).Append("étage").Append("bis")];
        LowerDistrictWords = [.. AddressLayouts.All.SelectMany(l => l.DistrictWords).Where(w => char.IsLower(w[0]))];
        PlaceWords = new WordSet(AddressLayouts.All.SelectMany(l => l.Places).SelectMany(p => p.Split(' ')));
        Abbreviations = new WordSet(AddressLayouts.All.SelectMany(l => l.StreetWords.Concat(l.UnitWords).Concat(l.DistrictWords)).Where(w => w.Length <= 5)
            .Concat(AddressLayouts.All.SelectMany(l => l.Places).Where(w => w.Length <= 3))
            .Concat(AddressLayouts.SharedUnitWords).Concat(["Jend", "Gral", "Gen", "Pres", "Sr", "Sra", "Sta", "Sto", "Mt", "Ft", "Prof", "Ing", "Lic", "Dpto", "Depto", "Int", "Kav", "Lt", "TP", "Tp", "St", "Ste", "Ave", "Blvd", "Co", "Cad", "Sok", "Mah", "Jal", "Edo", "Mex", "Calif", "Mass", "Penn", "Km", "Chih", "Coah", "Mich", "Tlax", "Tamps"]));
        LowerWords = [.. LowerStreetWords, .. LowerUnitWords, .. LowerDistrictWords];
        StreetSuffixes = [.. AddressLayouts.All.SelectMany(l => l.StreetWords).Where(w => w[0] == '-').Select(w => w[1..]).Distinct(StringComparer.OrdinalIgnoreCase)];
        DistrictSuffixes = [.. AddressLayouts.All.SelectMany(l => l.DistrictWords).Where(w => w[0] == '-').Select(w => w[1..]).Distinct(StringComparer.OrdinalIgnoreCase)];
        var shapes = string.Join('|', AddressLayouts.All.Select(l => l.Postcode).Distinct(StringComparer.Ordinal).Select(p => "(?:" + p + ")"));
        Postcode = new Regex(@"(?<![\p{L}\d\-])(?:" + shapes + @")(?![\p{L}\d]|-\d)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled);
    }

    [Flags]
    private enum Kind
    {
        None = 0,
        Street = 1,
        NumberName = 2,
        Unit = 4,
        District = 8,
        Postcode = 16,
        Place = 32,
        KnownPlace = 64,
        Number = 128,
        NameNumber = 256,
        PostBox = 512,
        Plot = 1024,
    }

    private readonly record struct Part(int Start, int End, bool Digit);

    /// <summary>What a part is, where its address words start and end, and whether other words were dropped before them.</summary>
    private readonly record struct Read(Kind Kind, int Start, int End, bool CutBefore = false);

    public static void Find(string text, List<PiiMatch> found)
    {
        if (!text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return;
        }

        var parts = Split(text);
        for (var p = 0; p < parts.Count; p++)
        {
            // A street holds a number, or follows a part that does ("Office 1207, …, Sheikh Zayed Road") and is short; and it has a word.
            var part = parts[p];
            if (part.Digit ? !MayNameStreet(text.AsSpan(part.Start, part.End - part.Start)) : part.End - part.Start > 40 || !(DigitBefore(parts, p) || NumberAfter(text, parts, p)))
            {
                continue;
            }

            // The cents of an amount written with a decimal comma ("5.726,88 EUR") start no street.
            if (part.Digit && part.Start >= 2 && text[part.Start - 1] == ',' && char.IsAsciiDigit(text[part.Start]) && char.IsAsciiDigit(text[part.Start - 2]))
            {
                continue;
            }

            if (part.Digit && found.Count > 0 && ReadAlready(text, found, part))
            {
                continue;
            }

            // A post box or an estate's plot stands for the street: "…, P.O. Box 502871, Dubai", "…, Parcela 8, 48170 …".
            var street = part.Digit ? BoxOrPlot(text, part) : default;
            if (street.Kind == Kind.None)
            {
                street = Classify(text, parts[p], fromEnd: true, streetOnly: true);
            }

            if ((street.Kind & (Kind.Street | Kind.NumberName | Kind.NameNumber | Kind.PostBox | Kind.Plot)) == 0)
            {
                continue;
            }

            var start = street.Start;
            var kinds = Kind.None;
            var hasNumber = (street.Kind & Kind.Number) != 0;
            var named = false;
            // Words that are not an address's before the street ("residing at 4418 …") end the address there.
            for (var k = p - 1; k >= 0 && k >= p - MaxLeading && !street.CutBefore; k--)
            {
                if (!Adjacent(text, parts[k], parts[k + 1]))
                {
                    break;
                }

                // The house number before its street, as French-speaking Africa writes it: "45, Boulevard Zerktouni, …".
                if (k == p - 1 && !hasNumber && text.AsSpan(parts[k].End, parts[k + 1].Start - parts[k].End).Trim() is ","
                    && LeadingHouseNumber(text.AsSpan(parts[k].Start, parts[k].End - parts[k].Start)) is >= 0 and var number)
                {
                    hasNumber = true;
                    start = parts[k].Start + number;
                    break;
                }

                // The postcode and city before the street, as Hungary writes them: "1062 Budapest, Andrássy út 64.".
                if (k == p - 1 && kinds == Kind.None && (street.Kind & (Kind.Street | Kind.Number)) == (Kind.Street | Kind.Number)
                    && text.AsSpan(parts[k].End, parts[k + 1].Start - parts[k].End).Trim() is "," && PostcodeThenCity(text, parts[k]))
                {
                    kinds |= Kind.Postcode;
                    start = parts[k].Start;
                    break;
                }

                // Unit and building lines, or district lines where the larger place comes first ("Kyoto-shi, Nakagyo-ku, …").
                var lead = Classify(text, parts[k], fromEnd: true);
                // A line with a long number ("NHS No. 943 476 5919", a phone) is an identifier's or a phone's, not a unit's.
                if ((lead.Kind & Kind.Postcode) == 0 && HoldsLongNumber(text.AsSpan(parts[k].Start, parts[k].End - parts[k].Start)))
                {
                    break;
                }

                if (!named && !parts[k].Digit && ((lead.Kind & ~Kind.KnownPlace) == Kind.Place || (lead.Kind == Kind.Street && (street.Kind & Kind.Number) != 0))
                    && lead.Start == parts[k].Start && k > 0)
                {
                    // A building's name ("Woodlands Office Park", "Prestige Obelisk") counts only below a unit line.
                    named = true;
                    continue;
                }

                // A district line starts with a name: "06-6341-2207 〒150-0002 Tokyo-to" is a phone before a postcode.
                if ((lead.Kind & (Kind.Unit | Kind.District)) == 0 || (lead.Kind & Kind.Street) != 0
                    || ((lead.Kind & Kind.Unit) == 0 && char.IsAsciiDigit(text[lead.Start])))
                {
                    break;
                }

                kinds |= lead.Kind & (Kind.Unit | Kind.District);
                hasNumber |= (lead.Kind & Kind.Number) != 0;
                start = lead.Start;
                named = false;
                if (lead.Start != parts[k].Start)
                {
                    break;
                }
            }

            // An address found by a country pattern from this street on is kept as it is (see Add): no need to read on.
            if (start == street.Start && Covered(found, street.Start, street.End))
            {
                continue;
            }

            var trailing = Kind.None;
            var end = street.End;
            var places = 0;
            var next = p + 1;
            for (; next < parts.Count && next <= p + MaxTrailing; next++)
            {
                if (!Adjacent(text, parts[next - 1], parts[next]))
                {
                    break;
                }

                var tail = Classify(text, parts[next], fromEnd: false);
                if (tail.Kind == Kind.Street && next == p + 1 && ((street.Kind & Kind.Number) != 0 || (hasNumber && (kinds & Kind.Unit) != 0)))
                {
                    // "Bay Square Building 11, Al Khail Road", "4th Floor, Westlands Square, Ring Road": the first was a building.
                    end = tail.End;
                    continue;
                }

                if (next == p + 1 && (tail.Kind & (Kind.Street | Kind.Number)) == (Kind.Street | Kind.Number) && (street.Kind & Kind.Number) != 0
                    && HoldsVillageWord(text.AsSpan(street.Start, street.End - street.Start)))
                {
                    // A house and village number stand before the road and its number: "88/14 Moo 4, Bangna-Trad Road Km. 23, …".
                    end = tail.End;
                    continue;
                }

                if (next == p + 1 && !hasNumber && NumberAfter(text, parts, p))
                {
                    // The number after its street and a comma: "Avenida da República, 47 - 3.º Esq., …".
                    hasNumber = true;
                    if (tail.Kind == Kind.Number && tail.End == parts[next].End)
                    {
                        end = tail.End;
                        continue;
                    }
                }

                if ((tail.Kind & (Kind.Unit | Kind.District | Kind.Postcode | Kind.Place)) == 0 || (tail.Kind & Kind.Street) != 0)
                {
                    break;
                }

                // A bare place on a new line, or cut short by a word that is not an address's, is the next line's text.
                var strong = (tail.Kind & (Kind.Unit | Kind.District | Kind.Postcode | Kind.KnownPlace)) != 0;
                // A number's dot at the part's end ("II. em. 5.,") cuts nothing.
                var cut = tail.End != parts[next].End && (tail.End + 1 != parts[next].End || text[tail.End] != '.');
                // After a sentence's end ("…, 400114 Cluj-Napoca. Mulțumesc, …") a bare name is the next sentence's word.
                if (!strong && (cut || text.AsSpan(parts[next - 1].End, parts[next].Start - parts[next - 1].End).ContainsAny('\n', '.')))
                {
                    break;
                }

                kinds |= tail.Kind;
                trailing |= tail.Kind;
                places += (tail.Kind & Kind.Place) != 0 ? 1 : 0;
                end = tail.End;
                if (cut)
                {
                    break;
                }
            }

            // A street without its own number ("Sheikh Zayed Road" after "Office 1207") needs a place or postcode after it.
            // A number and a name ("83B Lý Thường Kiệt") is a street below a unit line and above a known city or postcode too;
            // a name and a number with no street word ("Meir 44") only before a postcode and a known city.
            var enough = (street.Kind & (Kind.PostBox | Kind.Plot)) != 0
                ? (kinds & ((street.Kind & Kind.Plot) != 0 ? Kind.District : Kind.Unit | Kind.District)) != 0 && (trailing & (Kind.Postcode | Kind.KnownPlace)) != 0
                : (street.Kind & Kind.NameNumber) != 0
                ? p + 1 < parts.Count && PostcodeAndKnownCity(text, parts[p + 1])
                : (street.Kind & Kind.NumberName) != 0
                ? (kinds & Kind.District) != 0 || ((kinds & Kind.Unit) != 0 && (trailing & (Kind.Postcode | Kind.KnownPlace)) != 0)
                : (street.Kind & Kind.Number) == 0
                    ? (trailing & (Kind.Postcode | Kind.District | Kind.KnownPlace)) != 0 || places >= 2
                    : (kinds & (Kind.Postcode | Kind.Unit | Kind.District | Kind.KnownPlace)) != 0 || places >= 2;
            if (!hasNumber || !enough)
            {
                continue;
            }

            if ((street.Kind & (Kind.PostBox | Kind.Plot)) != 0)
            {
                // A street without a number before the plot or box that stands for it: "Harbour Road, Plot 88, …".
                start = BareStreetBefore(text, start);
            }

            Add(found, start, OrdinalDotAfter(text, AbbreviationDotAfter(text, ProvinceAfter(text, end))));
            p = next - 1;
        }
    }

    /// <summary>
    /// Words a layout lists both as a street's and as a unit's: a village number ("Moo 4") stands for the street or opens
    /// it, before the road.
    /// </summary>
    private static readonly WordSet VillageWords = new(AddressLayouts.All.SelectMany(l => l.StreetWords.Intersect(l.UnitWords, StringComparer.Ordinal)));

    private static bool HoldsVillageWord(ReadOnlySpan<char> street)
    {
        foreach (var range in street.Split(' '))
        {
            if (VillageWords.Contains(street[range]))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> KnownPlaces = new(AddressLayouts.All.SelectMany(l => l.Places), StringComparer.Ordinal);

    /// <summary>Known places of two words or more: "Tel Aviv" starts with a label's word.</summary>
    private static readonly string[] LongKnownPlaces = [.. KnownPlaces.Where(p => p.Contains(' ', StringComparison.Ordinal))];

    private static bool StartsWithKnownPlace(ReadOnlySpan<char> span)
    {
        foreach (var place in LongKnownPlaces)
        {
            if (span.StartsWith(place, StringComparison.Ordinal) && (span.Length == place.Length || !char.IsLetter(span[place.Length])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The end of a known city or region written after a comma at <paramref name="end"/> ("…, Dubai"), or
    /// <paramref name="end"/> when none is.
    /// </summary>
    public static int KnownPlaceAfter(string text, int end)
    {
        if (end + 3 >= text.Length || text[end] != ',' || text[end + 1] != ' ' || !char.IsUpper(text[end + 2]))
        {
            return end;
        }

        var at = end + 2;
        var best = end;
        for (var words = 0; words < 2; words++)
        {
            while (at < text.Length && (char.IsLetter(text[at]) || text[at] == '-'))
            {
                at++;
            }

            if (KnownPlaces.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(end + 2, at - end - 2))
                && (at == text.Length || !char.IsLetterOrDigit(text[at])))
            {
                best = at;
            }

            if (at + 1 >= text.Length || text[at] != ' ' || !char.IsUpper(text[at + 1]))
            {
                break;
            }

            at++;
        }

        return best;
    }

    /// <summary>
    /// The end after the dot of a region's abbreviation that ends an address ("…, 44510 Guadalajara, Jal."), or
    /// <paramref name="end"/>: the dot is the abbreviation's, whatever follows.
    /// </summary>
    public static int AbbreviationDotAfter(string text, int end)
    {
        if (end >= text.Length || text[end] != '.' || end < 3)
        {
            return end;
        }

        var start = end;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        var word = text.AsSpan(start, end - start);
        return word.Length is >= 2 and <= 4 && char.IsUpper(word[0]) && !IsAllUpper(word[1..]) && PlaceWords.Contains(word) && Abbreviations.Contains(word)
            ? end + 1
            : end;
    }

    /// <summary>
    /// Where a street named without a number starts when it stands, after a comma, right before a plot or post box line at
    /// <paramref name="index"/> ("Moi Avenue, Plot 412/MN, P.O. Box 90418, Mombasa"); else <paramref name="index"/>. The
    /// street is one to three capitalised words, the last a street word.
    /// </summary>
    public static int BareStreetBefore(string text, int index)
    {
        var rest = text.AsSpan(index);
        var space = rest.IndexOf(' ');
        if (space < 2 || index < 4 || text[index - 1] != ' ' || text[index - 2] != ',')
        {
            return index;
        }

        var lead = rest[..space].TrimEnd('.');
        if (!PlotWords.Contains(lead) && !lead.Equals("P.O", StringComparison.OrdinalIgnoreCase) && !lead.Equals("PO", StringComparison.OrdinalIgnoreCase)
            && !lead.Equals("POB", StringComparison.OrdinalIgnoreCase))
        {
            return index;
        }

        var at = index - 2;
        var nameStart = -1;
        for (var words = 0; words < 3; words++)
        {
            var wordEnd = at;
            while (at > 0 && (char.IsLetter(text[at - 1]) || text[at - 1] is '-' or '\'' or '’'))
            {
                at--;
            }

            var word = text.AsSpan(at, wordEnd - at);
            if (word.Length < 2 || !char.IsUpper(word[0]) || IsAllUpper(word) || StopWords.Contains(word))
            {
                break;
            }

            if (words == 0 && !StreetWords.Contains(word))
            {
                return index;
            }

            nameStart = words > 0 ? at : nameStart;
            if (at < 2 || text[at - 1] != ' ' || !char.IsLetter(text[at - 2]))
            {
                break;
            }

            at--;
        }

        return nameStart >= 0 ? nameStart : index;
    }

    /// <summary>
    /// Street and unit words whose number Hungarian writes as an ordinal, with its dot: house numbers, floors and doors
    /// ("Andrássy út 64.", "II. em. 5.").
    /// </summary>
    private static readonly WordSet OrdinalUnitWords = new(["em", "emelet", "ajtó", "lph", "ép", "utca", "út", "tér", "körút", "krt", "u"]);

    /// <summary>
    /// The end after the dot of an ordinal house, floor or door number that ends an address ("…, II. em. 5."), or
    /// <paramref name="end"/>.
    /// </summary>
    private static int OrdinalDotAfter(string text, int end)
    {
        if (end >= text.Length || text[end] != '.' || end < 4 || !char.IsAsciiDigit(text[end - 1]))
        {
            return end;
        }

        var at = end;
        while (at > 0 && char.IsAsciiDigit(text[at - 1]))
        {
            at--;
        }

        if (end - at > 3 || at < 3 || text[at - 1] != ' ')
        {
            return end;
        }

        var word = LastWord(text.AsSpan(0, at - 1)).TrimEnd('.');
        return OrdinalUnitWords.Contains(word) ? end + 1 : end;
    }

    /// <summary>
    /// Whether the span holds a number of seven digits or more, written as one run or in groups joined by single spaces,
    /// dots or hyphens: a phone or an identifier ("080 4127 6650", "NHS No. 943 476 5919", "CUI 31847729"). A Japanese
    /// postcode after its mark ("〒106-6125") is not one.
    /// </summary>
    public static bool HoldsLongNumber(ReadOnlySpan<char> span)
    {
        if (span.Length < 7 || span.Contains('〒'))
        {
            return false;
        }

        var digits = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (char.IsAsciiDigit(c))
            {
                if (++digits >= 7)
                {
                    return true;
                }
            }
            else if (!(c is ' ' or '-' or '.' && i > 0 && char.IsAsciiDigit(span[i - 1]) && i + 1 < span.Length && char.IsAsciiDigit(span[i + 1])))
            {
                digits = 0;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a line is a registration number or a phone: a long number (see <see cref="HoldsLongNumber"/>) after a
    /// label in capitals ("ABN 51 824 753 556", "CUI 31847729") or with no letters at all ("+65 6221 4470") that is not a
    /// postcode.
    /// </summary>
    public static bool IsIdentifierLine(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (!HoldsLongNumber(line))
        {
            return false;
        }

        var space = line.IndexOf(' ');
        var first = (space < 0 ? line : line[..space]).TrimEnd(':').TrimEnd('.');
        // A postcode on a line of its own ("01304-001", "94105-1234") is the address's last line.
        return (!line.ContainsAnyInRange('A', 'Z') && !line.ContainsAnyInRange('a', 'z') && !WholePostcode(line))
            || (first.Length >= 2 && IsAllUpper(first) && !first.ContainsAnyInRange('0', '9') && !PlaceWords.Contains(first) && !PostcodeLabels.Contains(first));
    }

    private static bool WholePostcode(ReadOnlySpan<char> line)
    {
        foreach (var m in Postcode.EnumerateMatches(line))
        {
            return m.Index == 0 && m.Length == line.Length;
        }

        return false;
    }

    /// <summary>A postcode at the part's start, then one or two capitalised words and nothing else: "1062 Budapest", "4025 Debrecen".</summary>
    private static bool PostcodeThenCity(string text, Part part)
    {
        var span = text.AsSpan(part.Start, part.End - part.Start);
        if (span.Length < 6 || !char.IsAsciiDigit(span[0]))
        {
            return false;
        }

        foreach (var m in Postcode.EnumerateMatches(span))
        {
            if (m.Index != 0 || m.Length + 1 >= span.Length || span[m.Length] != ' ')
            {
                return false;
            }

            var city = span[(m.Length + 1)..];
            var words = 0;
            foreach (var range in city.Split(' '))
            {
                var word = city[range];
                if (++words > 2 || word.Length < 2 || !char.IsUpper(word[0]) || IsAllUpper(word) || StopWords.Contains(word) || word.ContainsAnyInRange('0', '9'))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>A postcode and a known city, then at most lower-case words: "2000 Antwerpen", "811 06 Bratislava zajtra".</summary>
    private static bool PostcodeAndKnownCity(string text, Part part)
    {
        var span = text.AsSpan(part.Start, part.End - part.Start);
        foreach (var m in Postcode.EnumerateMatches(span))
        {
            if (m.Index != 0 || m.Length + 1 >= span.Length || span[m.Length] != ' ')
            {
                return false;
            }

            var city = span[(m.Length + 1)..];
            var space = city.IndexOf(' ');
            return KnownPlaces.GetAlternateLookup<ReadOnlySpan<char>>().Contains(space < 0 ? city : city[..space])
                && (space < 0 || char.IsLower(city[space + 1]));
        }

        return false;
    }

    /// <summary>The end of a province code in brackets after a city ("10122 Torino (TO)"), or <paramref name="end"/>.</summary>
    private static int ProvinceAfter(string text, int end) =>
        end + 5 <= text.Length && text[end] == ' ' && text[end + 1] == '(' && char.IsAsciiLetterUpper(text[end + 2]) && char.IsAsciiLetterUpper(text[end + 3])
            && text[end + 4] == ')' && char.IsLetter(text[end - 1])
            ? end + 5
            : end;

    /// <summary>Whether the part after starts with a house number ("Avenida da República, 47 - 3.º Esq.").</summary>
    private static bool NumberAfter(string text, List<Part> parts, int p) =>
        p + 1 < parts.Count && parts[p + 1].Digit && text.AsSpan(parts[p].End, parts[p + 1].Start - parts[p].End).Trim() is ","
            && HouseNumberLeads(text, parts[p + 1]);

    private static bool HouseNumberLeads(string text, Part part)
    {
        var span = text.AsSpan(part.Start, part.End - part.Start);
        var space = span.IndexOf(' ');
        return IsHouseNumber(space < 0 ? span : span[..space]);
    }

    /// <summary>
    /// Where a house number written before its street starts: the part is the number alone ("45") or the number after a
    /// lower-case word ("livrez au 12"); else -1.
    /// </summary>
    private static int LeadingHouseNumber(ReadOnlySpan<char> part)
    {
        var space = part.LastIndexOf(' ');
        if (!IsHouseNumber(part[(space + 1)..]))
        {
            return -1;
        }

        if (space < 0)
        {
            return 0;
        }

        var before = LastWord(part[..space]);
        return before.Length > 0 && char.IsLower(before[0]) && !LowerWords.Contains(before.ToString()) ? space + 1 : -1;
    }

    /// <summary>One to four digits, perhaps with one letter: "45", "47", "12B".</summary>
    private static bool IsHouseNumber(ReadOnlySpan<char> word)
    {
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits]))
        {
            digits++;
        }

        return digits is >= 1 and <= 4 && (word.Length == digits || (word.Length == digits + 1 && char.IsAsciiLetter(word[digits])));
    }

    /// <summary>Whether one of the three parts before holds a number (a unit line: "Unit 2103, 21st Floor, Tower One, Ayala Triangle, Ayala Avenue").</summary>
    private static bool DigitBefore(List<Part> parts, int p)
    {
        for (var k = p - 1; k >= 0 && k >= p - 3; k--)
        {
            if (parts[k].Digit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Adds the address unless one found already overlaps it. One it extends only by unit, building or district lines
    /// before it ("Bâtiment C, 3e étage, 14 rue …") is replaced: the layouts found first read from the street onwards.
    /// </summary>
    private static void Add(List<PiiMatch> found, int start, int end)
    {
        var replace = -1;
        for (var i = 0; i < found.Count; i++)
        {
            var f = found[i];
            if (f.Type == PiiEntityType.Address && f.Start < end && start < f.Start + f.Length)
            {
                if (f.Start > start && f.Start + f.Length <= end && replace < 0)
                {
                    replace = i;
                    continue;
                }

                return;
            }
        }

        if (replace >= 0)
        {
            found.RemoveAt(replace);
        }

        // Above a name's best score: a street named after a person ("Velyka Vasylkivska 72") belongs to the address.
        found.Add(new PiiMatch(PiiEntityType.Address, start, end - start, 0.96));
    }

    /// <summary>
    /// Whether an address found already covers the part, or its end from a word on that follows a word no address holds
    /// ("Ship it to 221B Baker Street"): reading the part would find that street again and drop it (see Covered).
    /// </summary>
    private static bool ReadAlready(string text, List<PiiMatch> found, Part part)
    {
        foreach (var f in found)
        {
            if (f.Type != PiiEntityType.Address || f.Start + f.Length < part.End || f.Start >= part.End)
            {
                continue;
            }

            if (f.Start < part.Start)
            {
                return true;
            }

            var end = f.Start;
            while (end > part.Start && text[end - 1] == ' ')
            {
                end--;
            }

            var before = text.AsSpan(part.Start, end - part.Start);
            var word = LastWord(before);
            if (end < f.Start && word.Length > 0 && !Valid(word))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covered(List<PiiMatch> found, int start, int end)
    {
        foreach (var f in found)
        {
            if (f.Type == PiiEntityType.Address && f.Start <= start && f.Start + f.Length >= end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether only white space and at most one separator lie between two parts.</summary>
    private static bool Adjacent(string text, Part a, Part b)
    {
        var marks = 0;
        var previous = ' ';
        foreach (var c in text.AsSpan(a.End, b.Start - a.End))
        {
            // "5., 1062 Budapest": the dot of a number written with one, then the comma, is one separator.
            if (c is ',' or ';' or '\n' or '.')
            {
                marks += c is ',' or ';' && previous == '.' ? 0 : 1;
            }
            else if (c is not (' ' or '\r' or '\t'))
            {
                return false;
            }

            previous = c;
        }

        return marks <= 1;
    }

    /// <summary>
    /// ASCII only, so the search stays vectorised; a dash, bullet or typographic quote is a word of its own that is not
    /// an address's and so ends one just the same.
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create(",;\n\r|()\"\t{}[]<>=?!:.");

    [ThreadStatic]
    private static List<Part>? t_parts;

    private static List<Part> Split(string text)
    {
        var parts = t_parts ??= [];
        parts.Clear();
        var start = 0;
        var i = 0;
        while (true)
        {
            var next = text.AsSpan(i).IndexOfAny(Separators);
            if (next < 0)
            {
                Add(parts, text, start, text.Length);
                return parts;
            }

            i += next;
            var c = text[i];
            var split = c switch
            {
                ':' => !EndsWithNumberMark(text.AsSpan(start, i - start)) && !UnitBeforeNumber(text, start, i),
                // A dot before a lower-case word ends no sentence: "4. th.", "II. em. 5." are floors.
                '.' => (i + 1 == text.Length || (char.IsWhiteSpace(text[i + 1]) && !(text[i + 1] == ' ' && i + 2 < text.Length && char.IsLower(text[i + 2]))))
                    && !IsAbbreviation(text.AsSpan(start, i - start)),
                _ => true,
            };
            if (split)
            {
                Add(parts, text, start, i);
                start = i + 1;
            }

            i++;
        }

        static void Add(List<Part> parts, string text, int start, int end)
        {
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                parts.Add(new Part(start, end, text.AsSpan(start, end - start).ContainsAnyInRange('0', '9')));
            }
        }
    }

    private static bool EndsWithNumberMark(ReadOnlySpan<char> before)
    {
        var word = LastWord(before).TrimEnd('.');
        return word is "No" or "NO" or "Nr" or "Nº" or "N°" or "no";
    }

    /// <summary>A unit word, a colon and its number: "Kat: 7", "Floor: 3" (a label such as "Office: 020 …" names a phone, not a unit).</summary>
    private static bool UnitBeforeNumber(string text, int start, int colon)
    {
        var word = LastWord(text.AsSpan(start, colon - start)).TrimEnd('.');
        var at = colon + 1;
        while (at < text.Length && text[at] == ' ')
        {
            at++;
        }

        var digits = 0;
        while (at + digits < text.Length && char.IsAsciiDigit(text[at + digits]))
        {
            digits++;
        }

        return digits is >= 1 and <= 3 && (at + digits == text.Length || !char.IsLetterOrDigit(text[at + digits]) || char.IsAsciiLetter(text[at + digits]))
            && word.Length > 0 && (UnitWords.Contains(word) || LowerUnitWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word));
    }

    /// <summary>
    /// Whether a street or unit word and its number are followed by a capitalised word of no address's kind: "Route 66
    /// Jacket", "Suite 200 Desk" name products, "Calle 72 Sur", "Suite 4 Sydney" do not.
    /// </summary>
    private static bool NamedAfterNumber(ReadOnlySpan<char> span, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int first, int last)
    {
        for (var w = first; w + 2 < last; w++)
        {
            var word = span[starts[w]..ends[w]].TrimEnd('.');
            var number = span[starts[w + 1]..ends[w + 1]];
            var name = span[starts[w + 2]..ends[w + 2]].TrimEnd('.');
            if (word.Length < 3 || !char.IsUpper(word[0]) || number.Length == 0 || number.ContainsAnyExceptInRange('0', '9')
                || name.Length < 3 || !char.IsUpper(name[0]) || IsAllUpper(name))
            {
                continue;
            }

            if ((StreetWords.Contains(word) || UnitWords.Contains(word)) && !StreetWords.Contains(name) && !UnitWords.Contains(name)
                && !DistrictWords.Contains(name) && !PlaceWords.Contains(name) && !Directions.Contains(name) && !HasSuffix(name, StreetSuffixes)
                && !HasSuffix(name, DistrictSuffixes))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAbbreviation(ReadOnlySpan<char> before)
    {
        var word = LastWord(before);
        if (word.Length == 0 || char.IsAsciiDigit(word[^1]))
        {
            return false;
        }

        // "D.C", "P.O" and single initials keep their dot.
        return word.Length == 1 || word.Contains('.') || Abbreviations.Contains(word);
    }

    private static ReadOnlySpan<char> LastWord(ReadOnlySpan<char> before)
    {
        var space = before.LastIndexOf(' ');
        return space >= 0 ? before[(space + 1)..] : before;
    }

    /// <summary>
    /// What a part is. From the end (a street or leading part) the words before a lower-case word or a label are
    /// dropped; from the start (a trailing part) the part ends before one.
    /// </summary>
    private static Read Classify(string text, Part part, bool fromEnd, bool streetOnly = false)
    {
        var span = text.AsSpan(part.Start, part.End - part.Start);
        if (streetOnly && !MayHoldStreet(span))
        {
            return default;
        }

        Span<int> starts = stackalloc int[MaxPartWords + 1];
        Span<int> ends = stackalloc int[MaxPartWords + 1];
        var count = 0;
        for (var i = 0; i < span.Length;)
        {
            while (i < span.Length && span[i] == ' ')
            {
                i++;
            }

            if (i == span.Length)
            {
                break;
            }

            var j = i;
            while (j < span.Length && span[j] != ' ')
            {
                j++;
            }

            if (count == MaxPartWords)
            {
                if (!fromEnd)
                {
                    break;
                }

                starts[..MaxPartWords].Slice(1).CopyTo(starts);
                ends[..MaxPartWords].Slice(1).CopyTo(ends);
                count--;
            }

            starts[count] = i;
            ends[count] = j;
            count++;
            i = j;
        }

        // The valid run of words: from the end back to the first invalid word, or from the start up to it.
        var first = 0;
        var last = count;
        if (fromEnd)
        {
            for (var w = count - 1; w >= 0; w--)
            {
                // A dash opens a list item ("- Berliner Allee 55, …") when reading back to a part's start.
                if (!Valid(span[starts[w]..ends[w]]) || span[starts[w]..ends[w]] is "-" or "–")
                {
                    first = w + 1;
                    break;
                }
            }
        }
        else
        {
            for (var w = 0; w < count; w++)
            {
                if (!Valid(span[starts[w]..ends[w]]) && (w > 0 || !StartsWithKnownPlace(span)))
                {
                    last = w;
                    break;
                }
            }
        }

        // A part read from its start ends on a name, not on a connector: "1000 Ljubljana do petka".
        while (!fromEnd && last - 1 > first && Connectors.Contains(span[starts[last - 1]..ends[last - 1]]))
        {
            last--;
        }

        var sentenceEnd = false;
        if (!fromEnd && last < count && last - 2 >= first && span[ends[last - 2] - 1] == '.' && char.IsUpper(span[starts[last - 1]]))
        {
            // Cut short by a lower-case word: a capitalised word after a region's abbreviation or a district letter and
            // its dot opens the next sentence ("…, Jal. Si hay retraso", "1620 København V. Ring på …").
            var dotted = span[starts[last - 2]..(ends[last - 2] - 1)];
            if (dotted.Length > 0 && char.IsUpper(dotted[0]) && (dotted.Length == 1 || PlaceWords.Contains(dotted)))
            {
                sentenceEnd = dotted.Length == 1;
                last--;
            }
        }

        if (first >= last)
        {
            return default;
        }

        var kind = Kind.None;
        var streetAt = -1;
        var numberAt = -1;
        var caps = 0;
        var bigNumber = false;
        var glued = false;
        for (var w = first; w < last; w++)
        {
            var word = span[starts[w]..ends[w]];
            var core = word.TrimEnd('.');
            if (core.Length == 0)
            {
                continue;
            }

            if (char.IsAsciiDigit(core[0]) || core[0] == '#' || GluedNumber(core))
            {
                // A Japanese block number after its district name stands for the street: "Roppongi 6-10-1".
                if (streetAt < 0 && w > first && IsBlockNumber(core) && !IsAllUpper(span[starts[w - 1]..ends[w - 1]]) && char.IsUpper(span[starts[w - 1]]))
                {
                    streetAt = w - 1;
                    glued = true;
                }

                numberAt = numberAt < 0 ? w : numberAt;
                kind |= Kind.Number;
                bigNumber |= core.Length > 2 && char.IsAsciiDigit(core[^1]);
                if (core[^1] is 'F' or 'f' && core.Length <= 4 && char.IsAsciiDigit(core[0]))
                {
                    kind |= Kind.Unit;
                }

                continue;
            }

            // "CAD 25", "LEI 5493", "PR 00901": a word in capitals is a code or a region, not a street word. A word of
            // one letter counts only with its dot ("R. Augusta").
            var lower = char.IsLower(core[0]);
            var shortWord = core.Length == 1 && word.Length == 1;
            if (streetAt < 0 && !shortWord && (core.Length < 2 || !IsAllUpper(core) || core is "C/") && (lower ? IsLowerWord(core, word, LowerStreetWords) || (core.Length >= 3 && IsStreetWord(core)) : IsStreetWord(core)))
            {
                streetAt = w;
                glued = !StreetWords.Contains(core) && !IsLowerWord(core, word, LowerStreetWords);
            }

            caps += char.IsUpper(core[0]) ? 1 : 0;
            if (streetOnly)
            {
                continue;
            }

            if (!shortWord && (lower ? IsLowerWord(core, word, LowerUnitWords) : UnitWords.Contains(core)))
            {
                kind |= Kind.Unit;
            }

            if (!shortWord && (lower ? IsLowerWord(core, word, LowerDistrictWords) : DistrictWords.Contains(core) || HasSuffix(core, DistrictSuffixes)))
            {
                kind |= Kind.District;
            }

            if (PlaceWords.Contains(core) || (core.Contains('/') && SlashedPlace(core)))
            {
                kind |= Kind.KnownPlace;
            }
        }

        if (last - first == 1 && (kind & (Kind.Unit | Kind.District)) != 0 && span[starts[first]..ends[first]].TrimEnd('.').Length <= 2
            && !char.IsAsciiDigit(span[starts[first]]))
        {
            // "Si tiene …": a table word of two letters ("Si", "Gu", "Ho") names a district or unit only beside a name or number.
            kind &= ~(Kind.Unit | Kind.District);
        }

        var from = part.Start + starts[first];
        var to = part.Start + ends[last - 1];
        if (text[to - 1] == '.' && (sentenceEnd || !IsAbbreviation(text.AsSpan(from, to - 1 - from))))
        {
            to--;
        }

        var words = last - first;
        if (NamedAfterNumber(span, starts, ends, first, last))
        {
            // "Route 66 Jacket", "Studio 54 Lamp": a street or unit word, its number, then a name is a product's.
            return default;
        }

        if (streetAt >= 0 && (kind & Kind.Number) != 0 && !glued && (words < 3 || !StreetFollowsName(span, starts, ends, streetAt, last, numberAt)))
        {
            // "Platz 3" names no street; "3 Road Edition" is a product, not "3 Station Road".
            streetAt = -1;
        }

        if (streetAt >= 0 && (kind & Kind.Number) != 0)
        {
            // A street starts at its number when the number leads ("163 Jalan Tun Razak"), else at most two words before its street word.
            var at = numberAt >= first && numberAt < streetAt && streetAt - numberAt <= 4 ? numberAt : glued ? streetAt : Math.Max(first, streetAt - 2);
            // A glued street word keeps the adjective that names it after a place: "Wiedner Hauptstraße", "Mariahilfer Straße".
            if (glued && at == streetAt && at > first && PlaceAdjective(span[starts[at - 1]..ends[at - 1]]))
            {
                at--;
            }

            // The neighbourhood written before the street on the same line: "Atatürk Mah. Ertuğrul Gazi Sok. No: 14".
            at = NeighbourhoodBefore(span, starts, ends, first, at, streetAt);
            // The block of a Singapore or Philippine address leads its number: "Blk 231 Bishan Street 22".
            if (at == numberAt && at > first && span[starts[at - 1]..ends[at - 1]].TrimEnd('.') is "Blk" or "Block" or "Lot")
            {
                at--;
            }

            // A connector names no street's start: "oficina de Av. José Larco 1232", "factura la Str. Tudor Arghezi 21".
            // Nor does a lower-case unit word: "nuestra oficina de Av. …".
            while (at < streetAt && (Connectors.Contains(span[starts[at]..ends[at]]) || (char.IsLower(span[starts[at]]) && !IsLowerWord(span[starts[at]..ends[at]].TrimEnd('.'), span[starts[at]..ends[at]], LowerStreetWords))))
            {
                at++;
            }

            if (fromEnd)
            {
                from = part.Start + starts[at];
            }

            return new Read(kind | Kind.Street, from, to, first > 0 || at > first);
        }

        if (streetAt >= 0 && (kind & Kind.Number) == 0 && words <= 4 && !(streetAt > first && BuildingWords.Contains(span[starts[first]..ends[first]].TrimEnd('.'))))
        {
            // A street without a number is a street only after a unit line that holds the number.
            return new Read(Kind.Street, part.Start + starts[Math.Max(first, streetAt - 2)], to, first > 0 || streetAt - 2 > first);
        }

        // Up to four words after the number: a Vietnamese street is often a person's full name ("112 Nguyễn Thị Minh Khai").
        if (numberAt == first && words is >= 2 and <= 5 && caps == words - 1 && fromEnd && !HasLongNumber(span[starts[first]..ends[first]], 3)
            && !Currencies.Contains(span[starts[first + 1]..ends[first + 1]].TrimEnd('.')))
        {
            kind |= Kind.NumberName;
        }

        if (fromEnd && streetAt < 0 && NameThenNumber(span, starts, ends, first, last, numberAt))
        {
            kind |= Kind.NameNumber;
        }

        if (streetOnly)
        {
            return new Read(kind & (Kind.NumberName | Kind.NameNumber | Kind.Number), from, to);
        }

        var segment = text.AsSpan(from, to - from);
        // Every postcode has a digit: the pattern, with its many alternatives, runs only over parts that hold one.
        if (segment.ContainsAnyInRange('0', '9'))
        {
            foreach (var m in Postcode.EnumerateMatches(segment))
            {
                // The postcode is the part's only long number: "Auftragsnummer 4418 2290 8821" is not a place.
                // Nor does one group of a number written in groups count: "Llámame al 963 52 18 47".
                // Nor is a date's year: "Zahlbar bis 11.04.2025".
                if (!HasLongNumber(segment[..m.Index]) && !HasLongNumber(segment[(m.Index + m.Length)..])
                    && !NumberGroupAt(segment, m.Index + m.Length) && !NumberGroupBefore(segment, m.Index) && !DateBefore(segment, m.Index)
                    && !LabelledNumber(segment, m.Index, m.Length))
                {
                    kind |= Kind.Postcode;
                    bigNumber = false;
                }

                break;
            }
        }

        if (caps > 0 && words <= 5 && (!bigNumber || (kind & Kind.Unit) != 0))
        {
            kind |= Kind.Place;
        }

        if (!bigNumber && caps == 0 && (kind & Kind.Postcode) != 0)
        {
            kind |= Kind.Place;
        }

        return new Read(kind, from, to);
    }

    /// <summary>
    /// A capitalised adjective formed from a place, as German and Austrian streets are named ("Wiedner", "Mariahilfer",
    /// "Frankfurter"): five letters or more, ending in "er", not a label.
    /// </summary>
    private static bool PlaceAdjective(ReadOnlySpan<char> word) =>
        word.Length >= 5 && char.IsUpper(word[0]) && !IsAllUpper(word) && word.EndsWith("er", StringComparison.Ordinal) && !StopWords.Contains(word)
            && !word.ContainsAnyInRange('0', '9');

    /// <summary>
    /// Where the street starts when a neighbourhood's name and its district word come right before it on the same part
    /// ("Atatürk Mah. Ertuğrul Gazi Sok. No: 14", "Çiçek Mahallesi Lale Sokak 5"): one or two capitalised words and the
    /// district word; else <paramref name="at"/>.
    /// </summary>
    private static int NeighbourhoodBefore(ReadOnlySpan<char> span, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int first, int at, int streetAt)
    {
        for (var d = streetAt - 1; d > first && d >= at - 1; d--)
        {
            var district = span[starts[d]..ends[d]].TrimEnd('.');
            if (district.Length < 3 || !char.IsUpper(district[0]) || !DistrictWords.Contains(district))
            {
                continue;
            }

            var start = d;
            for (var w = d - 1; w >= first && w >= d - 2; w--)
            {
                var word = span[starts[w]..ends[w]];
                if (word.Length < 2 || !char.IsUpper(word[0]) || IsAllUpper(word) || StopWords.Contains(word.TrimEnd('.')) || !char.IsLetter(word[^1]))
                {
                    break;
                }

                start = w;
            }

            return start < d ? Math.Min(start, at) : at;
        }

        return at;
    }

    /// <summary>Words that open a building's line: "Tòa nhà Pacific Place", "Building Marina Plaza" name a building, not a street.</summary>
    private static readonly WordSet BuildingWords = new(["Tòa", "Toa", "Building", "Bldg", "Tower", "Torre", "Edificio", "Edifício", "Gedung", "Menara", "Wisma", "Bâtiment", "Immeuble", "Bangunan"]);

    /// <summary>The words of a post box, before its number: "P.O. Box", "PO Box", "Postfach", "Apartado", "Caixa Postal", "BP".</summary>
    private static readonly string[][] BoxWords = [["P.O.", "Box"], ["P.O", "Box"], ["PO", "Box"], ["POB"], ["Post", "Office", "Box"], ["Postfach"], ["Apartado"], ["Caixa", "Postal"], ["BP"], ["B.P."], ["Casilla"]];

    /// <summary>The words of an estate's plot, before its number: "Parcela 8", "Plot 14", "Lotto 3".</summary>
    private static readonly WordSet PlotWords = new(["Parcela", "Parcel", "Plot", "Lot", "Lotto", "Lote", "Parzelle", "Nave"]);

    /// <summary>
    /// A part that is only a post box and its number ("P.O. Box 502871") or a plot and its number ("Parcela 8"): a street
    /// that counts only between unit or estate lines and a postcode or known city (see Find).
    /// </summary>
    private static Read BoxOrPlot(string text, Part part)
    {
        var span = text.AsSpan(part.Start, part.End - part.Start);
        var space = span.LastIndexOf(' ');
        if (space < 0 || span[(space + 1)..].ContainsAnyExceptInRange('0', '9') || span.Length - space - 1 > 7)
        {
            return default;
        }

        var words = span[..space];
        if (words.IndexOf(' ') < 0 && PlotWords.Contains(words) && span.Length - space - 1 <= 4)
        {
            return new Read(Kind.Plot | Kind.Number, part.Start, part.End);
        }

        foreach (var box in BoxWords)
        {
            var rest = words;
            var fits = true;
            for (var w = 0; w < box.Length && fits; w++)
            {
                var at = rest.IndexOf(' ');
                var word = at < 0 ? rest : rest[..at];
                fits = word.Equals(box[w], StringComparison.OrdinalIgnoreCase) && (w < box.Length - 1 ? at >= 0 : at < 0);
                rest = at < 0 ? default : rest[(at + 1)..];
            }

            if (fits)
            {
                return new Read(Kind.PostBox | Kind.Number, part.Start, part.End);
            }
        }

        return default;
    }

    /// <summary>A number glued to its mark: "No:185", "No.12", "Nr.7", "Nº5".</summary>
    private static bool GluedNumber(ReadOnlySpan<char> core)
    {
        if (core.Length < 3 || core[0] != 'N')
        {
            return false;
        }

        if (core[1] is 'º' or '°')
        {
            return char.IsAsciiDigit(core[2]);
        }

        return core[1] is 'o' or 'r' && core.Length >= 4 && core[2] is ':' or '.' && char.IsAsciiDigit(core[3]);
    }

    /// <summary>A district and its city joined by a slash, one of them known: "Levent/İstanbul", "Çankaya/Ankara".</summary>
    private static bool SlashedPlace(ReadOnlySpan<char> core)
    {
        foreach (var range in core.Split('/'))
        {
            if (PlaceWords.Contains(core[range]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One or two capitalised words, a house number, then at most a lower-case unit word and its number: "Meir 44 bus 3"
    /// (a street named without a street word; kept only before a postcode and a known city).
    /// </summary>
    private static bool NameThenNumber(ReadOnlySpan<char> span, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int first, int last, int numberAt)
    {
        if (numberAt - first is < 1 or > 2 || last - numberAt is not (1 or 3) || !IsHouseNumber(span[starts[numberAt]..ends[numberAt]]))
        {
            return false;
        }

        for (var w = first; w < numberAt; w++)
        {
            var word = span[starts[w]..ends[w]];
            if (word.Length < 3 || !char.IsUpper(word[0]) || IsAllUpper(word) || !char.IsLetter(word[^1]))
            {
                return false;
            }
        }

        return last - numberAt == 1
            || (IsLowerWord(span[starts[numberAt + 1]..ends[numberAt + 1]].TrimEnd('.'), span[starts[numberAt + 1]..ends[numberAt + 1]], LowerUnitWords)
                && IsHouseNumber(span[starts[numberAt + 2]..ends[numberAt + 2]]));
    }

    /// <summary>
    /// A cheap look before reading a part as a street: among its last words, one may be a street word or a block number,
    /// or the part is short and starts with a number ("68 Nguyễn Huệ").
    /// </summary>
    private static bool MayHoldStreet(ReadOnlySpan<char> span)
    {
        // Only the last words of a part are read as its street (see Classify).
        var rest = span;
        for (var n = 0; n < MaxPartWords && rest.Length > 0; n++)
        {
            var space = rest.LastIndexOf(' ');
            var word = rest[(space + 1)..];
            rest = space < 0 ? default : rest[..space];
            var core = word.TrimEnd('.');
            if (core.Length == 0)
            {
                continue;
            }

            if (char.IsAsciiDigit(core[0]))
            {
                if (IsBlockNumber(core) || (space < 0 && n > 0))
                {
                    return true;
                }

                continue;
            }

            // One filter test per word; the exact look-ups only for the few words that pass it.
            if ((AnyStreetWords.MayContain(core) && (StreetWords.Contains(core) || (char.IsLower(core[0]) && IsLowerWord(core, word, LowerStreetWords))))
                || HasSuffix(core, StreetSuffixes))
            {
                return true;
            }
        }

        // A name and its number with no street word, the part's last words: "Meir 44", "Meir 44 bus 3" (see NameThenNumber).
        var last = span.Length > 24 ? span[^24..] : span;
        var digit = last.IndexOfAnyInRange('0', '9');
        if (digit < 4 || last[digit - 1] != ' ')
        {
            return false;
        }

        var name = LastWord(last[..(digit - 1)]);
        return name.Length >= 3 && char.IsUpper(name[0]);
    }

    /// <summary>
    /// Whether a word other than the first is capitalised ("221B Baker Street", "18 rue des Tanneurs"), the first is a
    /// street word ("Calle 72 # 10-34"), or the part is short: a sentence of prose with a number in it is none of these.
    /// </summary>
    private static bool MayNameStreet(ReadOnlySpan<char> part)
    {
        // From space to space (a vectorised search), counting them on the way: one pass over the part.
        var spaces = 0;
        for (var i = part.IndexOf(' '); i >= 0 && i + 1 < part.Length; spaces++)
        {
            if (char.IsUpper(part[i + 1]))
            {
                return true;
            }

            var next = part[(i + 1)..].IndexOf(' ');
            i = next < 0 ? -1 : i + 1 + next;
        }

        // Short parts ("Gneisenaustraße 41", "Roppongi 6-10-1") are read whatever their first word.
        var space = part.IndexOf(' ');
        var first = (space < 0 ? part : part[..space]).TrimEnd('.');
        return spaces <= 2 || (first.Length > 0 && StreetWords.Contains(first)) || (spaces == 3 && EndsWithUnitNumber(part));
    }

    /// <summary>Whether the part ends with a lower-case unit word and its number: "Meir 44 bus 3", "Kerkstraat 8 bte 2".</summary>
    private static bool EndsWithUnitNumber(ReadOnlySpan<char> part)
    {
        var space = part.LastIndexOf(' ');
        if (space < 1 || !IsHouseNumber(part[(space + 1)..]))
        {
            return false;
        }

        var word = LastWord(part[..space]);
        var core = word.TrimEnd('.');
        return core.Length > 0 && char.IsLower(core[0]) && IsLowerWord(core, word, LowerUnitWords);
    }

    /// <summary>Words in capitals that name a postcode ("PIN 560038", "CEP 01310100"), not an identifier.</summary>
    private static readonly WordSet PostcodeLabels = new(["PIN", "CEP", "ZIP", "PLZ", "CAP", "NPA", "CP", "PC"]);

    /// <summary>
    /// Whether a bare run of seven digits or more comes after a label in capitals: "CUI 31847729", "UEN 20182741" are
    /// registration numbers, not a postcode written without its hyphen.
    /// </summary>
    private static bool LabelledNumber(ReadOnlySpan<char> span, int at, int length)
    {
        if (length < 7 || span.Slice(at, length).ContainsAnyExceptInRange('0', '9') || at < 3 || span[at - 1] != ' ')
        {
            return false;
        }

        var label = LastWord(span[..(at - 1)]).TrimEnd(':');
        return label.Length >= 2 && IsAllUpper(label) && !label.ContainsAnyInRange('0', '9') && !PlaceWords.Contains(label) && !PostcodeLabels.Contains(label);
    }

    /// <summary>Whether a day or month and its dot or slash come right before <paramref name="at"/>: "11.04.2025", "03/2026".</summary>
    private static bool DateBefore(ReadOnlySpan<char> span, int at) =>
        at >= 2 && span[at - 1] is '.' or '/' && char.IsAsciiDigit(span[at - 2]);

    /// <summary>Currency codes and words after an amount: "88 EUR", "120 Euro" name a sum, not a street.</summary>
    private static readonly WordSet Currencies = new(["EUR", "USD", "GBP", "CHF", "JPY", "CNY", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "MXN", "BRL", "ARS", "CLP", "COP", "PEN", "INR", "SGD", "MYR", "IDR", "THB", "VND", "PHP", "AED", "SAR", "ZAR", "NGN", "KES", "UAH", "RUB", "AUD", "NZD", "CAD", "HKD", "KRW", "ILS", "EGP", "MAD", "Euro", "Euros", "Dollar", "Dollars", "Franken", "Pesos", "Reais", "Rupees", "Baht", "Ringgit", "Rupiah", "Lei", "Zloty", "Kronen", "Kronor", "Kroner"]);

    private static bool NumberGroupAt(ReadOnlySpan<char> span, int at) =>
        at + 1 < span.Length && span[at] == ' ' && char.IsAsciiDigit(span[at + 1]);

    private static bool NumberGroupBefore(ReadOnlySpan<char> span, int at) =>
        at >= 2 && span[at - 1] == ' ' && char.IsAsciiDigit(span[at - 2]);

    private static bool HasLongNumber(ReadOnlySpan<char> span, int longest = 2)
    {
        var run = 0;
        foreach (var c in span)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run > longest)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Valid(ReadOnlySpan<char> word)
    {
        var core = word.TrimEnd('.').TrimEnd(':');
        if (core.Length == 0)
        {
            return true;
        }

        var c = core[0];
        if (char.IsAsciiDigit(c) || c is '#' or '〒' or '/' or '&' or '-')
        {
            return true;
        }

        if (StopWords.Contains(core))
        {
            return false;
        }

        if (char.IsUpper(c))
        {
            return true;
        }

        // Lower case: a connector, a word the table writes in lower case (abbreviated with a dot, or of three letters or
        // more), or a street word of three letters or more ("18 rue des Tanneurs").
        // A Maltese or Arabic article glued to its name: "Triq il-Kbira", "Shareh al-Haram".
        return Connectors.Contains(core) || IsLowerWord(core, word, LowerWords) || (core.Length > 3 && core[2] == '-' && core[..2] is "il" or "al" or "el" && char.IsUpper(core[3])) || (core.Length >= 3 && StreetWords.Contains(core));
    }

    private static readonly WordSet SuffixStreetWords = new(["Street", "St", "Road", "Rd", "Lane", "Ln", "Drive", "Court", "Ct", "Way", "Close", "Crescent", "Terrace", "Grove", "Parade", "Ave", "Blvd"]);

    private static readonly WordSet Directions = new(["N", "S", "E", "W", "NE", "NW", "SE", "SW", "North", "South", "East", "West", "Ouest", "Est", "Nord", "Sud", "Oeste", "Norte", "Sur"]);

    /// <summary>
    /// Whether the street word stands where a street word stands: an English-style street word after the number and name
    /// is the last word but for a direction or a number ("12 Main Street West"), not followed by more names.
    /// </summary>
    private static bool StreetFollowsName(ReadOnlySpan<char> span, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int streetAt, int last, int numberAt)
    {
        var street = span[starts[streetAt]..ends[streetAt]].TrimEnd('.');
        if (numberAt > streetAt || !SuffixStreetWords.Contains(street))
        {
            return true;
        }

        for (var w = streetAt + 1; w < last; w++)
        {
            var word = span[starts[w]..ends[w]].TrimEnd('.');
            if (!char.IsAsciiDigit(word[0]) && !Directions.Contains(word))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerWord(ReadOnlySpan<char> core, ReadOnlySpan<char> word, HashSet<string> words) =>
        (core.Length >= 3 || word[^1] == '.' || core.ContainsAnyExceptInRange('a', 'z')) && words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(core);

    /// <summary>Chōme, block and house, "6-10-1": one or two digits, then up to three, then up to three.</summary>
    private static bool IsBlockNumber(ReadOnlySpan<char> word)
    {
        var first = word.IndexOf('-');
        var second = first < 0 ? -1 : word[(first + 1)..].IndexOf('-');
        if (first is < 1 or > 2 || second is < 1 or > 3)
        {
            return false;
        }

        var rest = word[(first + second + 2)..];
        return rest.Length is >= 1 and <= 3 && !word.ContainsAnyExcept("0123456789-") && rest.IndexOf('-') < 0;
    }

    private static bool IsAllUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsStreetWord(ReadOnlySpan<char> core) => StreetWords.Contains(core) || HasSuffix(core, StreetSuffixes);

    /// <summary>
    /// A glued ending ("Drottninggatan", "Mannerheimintie", "Teheran-ro"). Street endings of two letters, and district
    /// endings of three or fewer ("-shi", "-gu"), count only after a hyphen.
    /// </summary>
    private static readonly HashSet<int> SuffixTails = [.. AddressLayouts.All.SelectMany(l => l.StreetWords.Concat(l.DistrictWords)).Where(w => w[0] == '-').Select(w => Tail(w))];

    /// <summary>The last two letters of the glued endings, for ASCII letters as a table: most words are turned away by one read.</summary>
    private static readonly bool[] AsciiTails = BuildAsciiTails();

    private static int Tail(ReadOnlySpan<char> word) => (char.ToLowerInvariant(word[^2]) << 16) | char.ToLowerInvariant(word[^1]);

    private static bool[] BuildAsciiTails()
    {
        var tails = new bool[26 * 26];
        foreach (var suffix in AddressLayouts.All.SelectMany(l => l.StreetWords.Concat(l.DistrictWords)).Where(w => w[0] == '-'))
        {
            var a = char.ToLowerInvariant(suffix[^2]);
            var b = char.ToLowerInvariant(suffix[^1]);
            if (char.IsAsciiLetterLower(a) && char.IsAsciiLetterLower(b))
            {
                tails[((a - 'a') * 26) + (b - 'a')] = true;
            }
        }

        return tails;
    }

    private static bool HasSuffix(ReadOnlySpan<char> word, string[] suffixes)
    {
        if (word.Length < 4)
        {
            return false;
        }

        var a = (char)(word[^2] | 0x20);
        var b = (char)(word[^1] | 0x20);
        if (char.IsAsciiLetterLower(a) && char.IsAsciiLetterLower(b) && char.IsAsciiLetter(word[^2]) && char.IsAsciiLetter(word[^1])
            ? !AsciiTails[((a - 'a') * 26) + (b - 'a')]
            : !SuffixTails.Contains(Tail(word)))
        {
            return false;
        }

        foreach (var suffix in suffixes)
        {
            if (word.Length > suffix.Length + 2 && word.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && (suffix.Length > (suffixes == StreetSuffixes ? 2 : 3) || word[word.Length - suffix.Length - 1] == '-'))
            {
                return true;
            }
        }

        return false;
    }
}
