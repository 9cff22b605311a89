using System.Buffers;
using System.Globalization;
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
        "teléfono", "telefone", "celular", "móvil", "cellulare", "telefono", "telefoonnummer", "bellen", "ph", "mob", "phones", "callback", "rückruf", "llame", "llamar", "chiamare", "rappeler", "ligue",
        "contacto", "contato", "ligar", "liga", "fixo", "telemóvel", "telemovel", "dzwoń", "zadzwoń", "dzwonić", "komórka", "komórkowy", "sđt", "đt",
        "thoại", "gọi", "dđ", "telp", "hubungi", "hp", "puh", "soita", "puhelin", "bel", "gsm", "volejte", "telefonszám", "hívjon", "arayın", "cep",
        "stacjonarny", "stacjonarnego", "erreichen", "erreichbar", "reception", "switchboard", "inbound", "outbound");

    /// <summary>Cue words that outweigh a reference word nearby ("order hotline 0800 …").</summary>
    private static readonly WordSet StrongCues = WordSet.Of(
        "phone", "telephone", "tel", "mobile", "cell", "call", "sms", "whatsapp", "fax", "dial", "landline", "hotline", "telefon", "handy",
        "mobil", "rufnummer", "téléphone", "tél", "portable", "teléfono", "telefone", "celular", "móvil", "cellulare", "telefono", "callback",
        "telemóvel", "telemovel", "fixo", "ligar", "liga", "ligue", "dzwoń", "zadzwoń", "dzwonić", "komórka", "sđt", "thoại", "gọi", "telp", "puh", "puhelin", "telefonszám");

    /// <summary>Words naming a number that is not a phone number (identifiers, codes, counts), beyond the shared reference words.</summary>
    private static readonly WordSet NotPhoneCues = WordSet.Of(
        "id", "ids", "awb", "imei", "iccid", "imsi", "account", "acct", "routing", "member", "membership", "policy", "claim", "employee", "badge", "pin", "otp",
        "zip", "postcode", "vat", "tax", "ein", "nif", "siret", "siren", "ust", "mrn", "license", "licence", "passport", "vin", "plate", "container", "flight",
        "seat", "pid", "uid", "gid", "error", "errno", "exit", "page", "pages", "isbn", "issn", "upc", "ean", "gtin", "asin", "article", "artikel", "kundennummer",
        "auftrag", "pn", "fedex", "ups", "usps", "dhl", "hermes", "consignment", "waybill", "epoch", "timestamp", "unix", "checksum", "crc", "nonce", "port",
        "coordinates", "lat", "lon", "lng", "latitude", "longitude", "iban", "bic", "swift", "sort", "bsb", "ifsc", "card", "ssn", "nhs", "aadhaar", "pan", "cpf",
        "cnpj", "dni", "nie", "bsn", "steuer", "voucher", "coupon", "promo", "gift", "docket", "registration", "reg", "approval", "auth", "authorization",
        "iva", "award", "timeticks", "counter", "gauge", "oid", "mib", "snmp", "uptime", "status", "duration", "elapsed", "latency", "timeout", "size", "bytes", "offset",
        "tid", "thread", "inode", "seq", "sequence", "revision", "rev", "duns", "centre", "center", "grant", "reservation", "reservations", "pnr", "tva", "kvk",
        "cif", "idnr", "btw", "abn", "gst", "uen", "rfc", "itin", "organisationsnummer", "orgnr", "box", "postbox", "apartado", "konto", "blz", "tag", "bag", "bankgiro", "plusgiro", "giro");

    /// <summary>Words that end a list heading after a reference word ("Part numbers:", "Order ids:").</summary>
    private static readonly WordSet ListWords = WordSet.Of("number", "numbers", "nos", "no", "ids", "codes", "refs");

    /// <summary>Units and currencies after a number: "12 500 000 EUR", "1 048 576 bytes".</summary>
    private static readonly WordSet Units = WordSet.Of(
        "eur", "usd", "gbp", "chf", "jpy", "inr", "brl", "aud", "cad", "sek", "nok", "dkk", "pln", "kg", "g", "mg", "t", "mb", "gb", "kb", "tb", "ms", "s", "sec",
        "km", "m", "mm", "cm", "bytes", "tokens", "units", "pcs", "items", "rows", "users", "requests", "views", "people", "sqm", "sq", "euros", "dollars", "pounds",
        "rupees", "yen", "reais", "lakh", "crore", "million", "billion", "times", "hits", "records", "entries", "words", "steps", "kwh", "mw", "km²", "m²");

    private readonly string[] _regions = [.. regions.Select(r => r.Trim().ToUpperInvariant())];

    /// <summary>
    /// Sees every scored candidate (start, end, features) before the threshold, and turns off the context pre-check so that
    /// none is dropped unscored. Set only by the weight-fitting commands of the tests; null in production.
    /// </summary>
    internal static Action<int, int, PhoneFeatures>? Observer
    {
        get => _observer;
        set => _observer = value;
    }

    /// <summary>Per thread, so that a fitting run does not see, nor change, detection on other threads.</summary>
    [ThreadStatic]
    private static Action<int, int, PhoneFeatures>? _observer;

    public void Find(string text, List<PiiMatch> found)
    {
        var covered = 0;
        string[]? textRegions = null;
        foreach (var match in Patterns.PhoneCandidate().EnumerateMatches(text))
        {
            if (match.Index >= covered)
            {
                textRegions ??= TextRegions(text);
                covered = FindInRun(text, match.Index, match.Length, found, textRegions);
            }
        }
    }

    /// <summary>
    /// The regions the text itself names: the country of each +CC number in it and of each country-code domain after an
    /// <c>@</c> (magazyn@firma.pl). A national number valid in one of them is read as that region's ("office +45 33 14 92 07 …
    /// my mobile 28 47 61 30"), whether or not the region is configured.
    /// </summary>
    internal static string[] TextRegions(string text)
    {
        List<string>? regions = null;
        for (var i = text.AsSpan().IndexOfAny('+', '@'); i >= 0 && i < text.Length - 1; i = NextMark(text, i + 1))
        {
            var region = text[i] == '+' ? CountryCodeRegion(text, i + 1) : DomainRegion(text, i + 1);
            if (region is not null && !(regions ??= []).Contains(region))
            {
                regions.Add(region);
            }
        }

        return regions is null ? [] : [.. regions];

        static int NextMark(string text, int from)
        {
            var next = text.AsSpan(from).IndexOfAny('+', '@');
            return next < 0 ? -1 : from + next;
        }
    }

    /// <summary>The region of the country code after a plus sign (country codes are prefix-free: 1, 45, 380), or null.</summary>
    private static string? CountryCodeRegion(string text, int start)
    {
        var code = 0;
        for (var i = start; i < text.Length && i < start + 3 && char.IsAsciiDigit(text[i]); i++)
        {
            code = (code * 10) + (text[i] - '0');
            var region = Util.GetRegionCodeForCountryCode(code);
            if (region != "ZZ")
            {
                return region;
            }
        }

        return null;
    }

    /// <summary>The region of a domain's two-letter top level (<c>.pl</c>, <c>.dk</c>; <c>.uk</c> is GB), or null.</summary>
    private static string? DomainRegion(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-'))
        {
            end++;
        }

        var domain = text.AsSpan(start, end - start).TrimEnd('.');
        var dot = domain.LastIndexOf('.');
        if (dot < 0 || domain.Length - dot != 3 || !char.IsAsciiLetter(domain[^1]) || !char.IsAsciiLetter(domain[^2]))
        {
            return null;
        }

        var region = domain[^2..].ToString().ToUpperInvariant();
        region = region == "UK" ? "GB" : region;
        return Util.GetCountryCodeForRegion(region) != 0 ? region : null;
    }

    /// <summary>
    /// "55 5281 4400 / 55 4123 9087": a spaced slash after a whole number (nine digits or more; an area code is shorter, as in
    /// 0341 / 228 91 40) separates two numbers. Returns where the text is covered to.
    /// </summary>
    private int FindInRun(string text, int index, int length, List<PiiMatch> found, string[] textRegions)
    {
        var columns = text.AsSpan(index, length).IndexOf("  ", StringComparison.Ordinal);
        if (columns > 0)
        {
            // "+27 21 418 2290   2:14", "in   082 551 4407   0:48": columns of a call log or table, each value read on its own
            // when it is written as a phone is, with a + or a trunk 0 (a process table's columns, "2214 2097152", are not).
            var end = index + length;
            for (var at = index; at < end;)
            {
                var gap = text.AsSpan(at, end - at).IndexOf("  ", StringComparison.Ordinal);
                var pieceEnd = gap < 0 ? end : at + gap;
                foreach (var match in Patterns.PhoneCandidate().EnumerateMatches(text.AsSpan(0, pieceEnd), at))
                {
                    if (text[match.Index] is '+' or '0' or '(' && match.Index + match.Length == pieceEnd && !HasLongGroup(text.AsSpan(match.Index, match.Length)))
                    {
                        Consider(text, match.Index, match.Length, found, textRegions);
                    }
                }

                at = pieceEnd;
                while (at < end && text[at] == ' ')
                {
                    at++;
                }
            }

            return end;
        }

        var slash = text.AsSpan(index, length).IndexOf(" / ", StringComparison.Ordinal);
        if (slash <= 0 || CountDigits(text.AsSpan(index, slash)) < 9)
        {
            Consider(text, index, length, found, textRegions);
            return index + length;
        }

        Consider(text, index, slash, found, textRegions);
        var next = index + slash + 3;
        foreach (var match in Patterns.PhoneCandidate().EnumerateMatches(text, next))
        {
            return match.Index == next ? FindInRun(text, next, match.Length, found, textRegions) : next;
        }

        return next;
    }

    /// <summary>Words that join the two ends of a range: "SN 2291-4418-0001 to 2291-4418-0120".</summary>
    private static readonly WordSet RangeWords = WordSet.Of("to", "through", "thru", "until", "bis", "à", "a", "al", "tot", "till", "do");

    /// <summary>
    /// Whether the number ends a range whose first end is written the same way ("serial range SN 2291-4418-0001 to
    /// 2291-4418-0120"): the two ends are one kind of number, and the first, with its label, tells which.
    /// </summary>
    internal static bool EndsRange(string text, int start, ReadOnlySpan<char> span)
    {
        var i = start;
        if (!Context.PreviousWord(text, ref i, Math.Max(0, start - 12), out var joint) || !RangeWords.Contains(joint) || i + joint.Length + 1 != start || text[start - 1] != ' ')
        {
            return false;
        }

        var firstEnd = i - 1;
        if (firstEnd - span.Length < 0 || text[firstEnd] != ' ')
        {
            return false;
        }

        var first = text.AsSpan(firstEnd - span.Length, span.Length);
        for (var k = 0; k < span.Length; k++)
        {
            if (char.IsAsciiDigit(span[k]) != char.IsAsciiDigit(first[k]) || (!char.IsAsciiDigit(span[k]) && span[k] != first[k]))
            {
                return false;
            }
        }

        return firstEnd - span.Length == 0 || !char.IsLetterOrDigit(text[firstEnd - span.Length - 1]);
    }

    /// <summary>
    /// Nine digits in three groups of three ("655 218 447", "213 906 471"): how Spain and Portugal write their nine-digit
    /// numbers, whatever grouping the numbering plan prints; not a sign of a reference number.
    /// </summary>
    private static bool IsThreeByThree(ReadOnlySpan<char> span) =>
        span.Length == 11 && span[3] == ' ' && span[7] == ' ' && span[..3].IndexOfAnyExceptInRange('0', '9') < 0
        && span[4..7].IndexOfAnyExceptInRange('0', '9') < 0 && span[8..].IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>Several groups, one of six digits or more: columns of counts ("0 4418224 1187440"), not a grouped phone number.</summary>
    private static bool HasLongGroup(ReadOnlySpan<char> span)
    {
        var groups = 0;
        var longest = 0;
        foreach (var range in span.SplitAny(" -./()"))
        {
            var length = range.End.GetOffset(span.Length) - range.Start.GetOffset(span.Length);
            if (length > 0)
            {
                groups++;
                longest = Math.Max(longest, length);
            }
        }

        return groups >= 2 && longest >= 6;
    }

    private static int CountDigits(ReadOnlySpan<char> span)
    {
        var digits = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits;
    }

    private void Consider(string text, int index, int length, List<PiiMatch> found, string[] textRegions)
    {
        {
            var m = (Index: index, Length: length);

            // "(976 39 82 14)": a bracket that no bracket inside the run closes wraps the whole number; it is not part of it.
            if (text[m.Index] == '(' && text.AsSpan(m.Index + 1, m.Length - 1).IndexOf(')') < 0)
            {
                m = (m.Index + 1, m.Length - 1);
            }

            // "06-6345-2211 (9:00-17:30)": a bracket opened inside the run and not closed there starts something else.
            var open = text.AsSpan(m.Index + 1, m.Length - 1).LastIndexOf('(');
            if (open >= 0 && text.AsSpan(m.Index + 1 + open, m.Length - 1 - open).IndexOf(')') < 0)
            {
                m = (m.Index, text.AsSpan(m.Index, open + 1).TrimEnd(" -./").Length);
            }

            var span = text.AsSpan(m.Index, m.Length);
            var digits = 0;
            foreach (var c in span)
            {
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                }
            }

            // Not a phone shape at all: E.164 allows at most 15 digits (16 and more are cards, IBAN tails and references);
            // dates, versions and checksummed card-like runs (no card number starts with 0: 011 15-4567-8901 is a trunk prefix).
            if (digits is < 7 or > 15 || LooksLikeDateOrVersion(span) || (digits >= 13 && span[0] != '0' && Checksums.Luhn(span)))
            {
                return;
            }

            var end = m.Index + m.Length;
            var features = ContextFeatures(text, m.Index, end, span, digits);

            // Context alone rules the candidate out: skip the costly parse.
            if (PhoneScore.Context(features) + PhoneScore.MaxFromNumber < 0.5 && Observer is null)
            {
                return;
            }

            var candidate = span.ToString();
            if (features.InternationalPrefix)
            {
                // Parsed once: the last branch asks the same parse whether the number is of a possible length.
                var parsed = Parse(candidate, "ZZ");
                if (parsed is { } number && Util.IsValidNumber(number))
                {
                    Add(found, m.Index, end, NumberFeatures(features, number, span, PhoneValidity.ValidInternational, digits));
                }
                else if (InCurrentPlan(candidate) is { } renumbered && Util.IsValidNumber(renumbered))
                {
                    Add(found, m.Index, end, NumberFeatures(features, renumbered, span, PhoneValidity.ValidInternational, digits));
                }
                else if (!FindWithin(found, candidate, m.Index, features) && parsed is { } possible && Util.IsPossibleNumber(possible))
                {
                    // Forms the parser rejects as a whole (+44 (0)20 …, two numbers in one run) were tried first; then a
                    // number of a possible length that the metadata does not know (new or fictional ranges: +44 7700 900 …).
                    Add(found, m.Index, end, NumberFeatures(features, possible, span, PhoneValidity.Possible, digits));
                }

                return;
            }

            var trunk = span.TrimStart('(').StartsWith('0');
            PhoneNumber? possibleNumber = null;
            var valid = false;
            var best = features;
            foreach (var region in _regions)
            {
                // NANP numbers never start with a trunk 0; most others are written with one.
                if (trunk && region is "US" or "CA")
                {
                    continue;
                }

                if (Parse(candidate, region) is not { } number)
                {
                    continue;
                }

                // Valid in several regions (06 98 76 54 32 in DE and FR): the region whose standard grouping the text follows.
                if (Util.IsValidNumberForRegion(number, region))
                {
                    var scored = NumberFeatures(features, number, span, PhoneValidity.ValidNational, digits);
                    if (!valid || scored.StandardGrouping)
                    {
                        best = scored;
                    }

                    valid = true;
                    if (scored.StandardGrouping)
                    {
                        break;
                    }
                }

                // A grouped number with a trunk prefix, of a possible length for a region (tried only when no region knows it).
                if (possibleNumber is null && trunk && DigitGroups(span) >= 2 && digits >= 10 && Util.IsPossibleNumber(number))
                {
                    possibleNumber = number;
                }
            }

            // A national number of a region the configuration lacks but the text names with a +CC number or a country domain,
            // printed in that region's own grouping (a guessed region is weaker evidence than a configured one): that region's
            // reading wins when it scores higher.
            foreach (var region in textRegions)
            {
                if (!_regions.Contains(region) && (!trunk || region is not ("US" or "CA")) && Parse(candidate, region) is { } number && Util.IsValidNumberForRegion(number, region))
                {
                    var scored = NumberFeatures(features, number, span, PhoneValidity.ValidNational, digits) with { TextRegion = true };
                    if (scored.StandardGrouping && (!valid || PhoneScore.Of(scored) > PhoneScore.Of(best)))
                    {
                        best = scored;
                        valid = true;
                    }

                    break;
                }
            }

            // A number a phone word names, written in the grouped national form of a region not configured (02-3456-1187 in
            // KR, 050 123 4567 in AE): tried only then, so prose numbers pay nothing for it.
            // Without a phone word, only a number printed in that region's own layout in three groups or more (011 15-4567-8901
            // in AR, 55 5281 4400 in MX).
            var named = trunk && features.PhoneCue && DigitGroups(span) >= 2;
            if (!valid && (named || (digits >= 10 && DigitGroups(span) >= 3)))
            {
                foreach (var region in FallbackRegions)
                {
                    if (Parse(candidate, region) is { } number && Util.IsValidNumberForRegion(number, region))
                    {
                        var scored = NumberFeatures(features, number, span, PhoneValidity.ValidNational, digits);
                        if (named || scored.StandardGrouping)
                        {
                            best = scored;
                            valid = true;
                            break;
                        }
                    }
                }
            }

            if (valid)
            {
                Add(found, m.Index, end, best);
            }
            else if (possibleNumber is not null)
            {
                Add(found, m.Index, end, NumberFeatures(features, possibleNumber, span, PhoneValidity.Possible, digits));
            }
        }
    }

    /// <summary>Regions tried for a trunk-prefixed, grouped number that a phone word names when no configured region knows it.</summary>
    private static readonly string[] FallbackRegions = ["KR", "AR", "AE", "SA", "SG", "HK", "MX", "ZA", "NZ", "IE", "CH", "AT", "BE", "PT", "PL", "SE", "NO", "DK", "IL", "TR", "PH"];

    /// <summary>
    /// An international number written in a layout its country's plan has since replaced, as the current plan writes it:
    /// "+52 1 33 1876 5520" (Mexican mobiles were long written with a 1 after the country code, which the plan dropped) and
    /// "+234 1 463 2210" (Nigerian landlines, an area code and six or seven digits, gained a leading 20: +234 201 463 2210).
    /// Null when the number is in no such layout.
    /// </summary>
    internal static PhoneNumber? InCurrentPlan(string candidate)
    {
        if (!candidate.TrimStart('(').StartsWith('+'))
        {
            return null;
        }

        var digits = new string([.. candidate.Where(char.IsAsciiDigit)]);
        if (digits.Length == 13 && digits.StartsWith("521", StringComparison.Ordinal))
        {
            return Parse("+52" + digits[3..], "ZZ");
        }

        return digits.Length == 11 && digits.StartsWith("234", StringComparison.Ordinal) && digits[3] is >= '1' and <= '9' && digits[3..5] != "20"
            ? Parse("+23420" + digits[3..], "ZZ")
            : null;
    }

    /// <summary>The features read from the words and characters around the candidate.</summary>
    internal PhoneFeatures ContextFeatures(string text, int start, int end, ReadOnlySpan<char> span, int digits)
    {
        var nearest = NearestCue(text, start, 5);
        var international = span[0] == '+' || span.StartsWith("(+", StringComparison.Ordinal) || span.StartsWith("00", StringComparison.Ordinal);

        // A label right before the number names it: a phone word further back names another number ("Tel: … Pedido: 7741209").
        var label = international ? PhoneLabel.None : LabelBefore(text, start);
        var named = label == PhoneLabel.None;
        return new PhoneFeatures
        {
            InternationalPrefix = international,
            Label = label,
            CheckDigitTail = HasCheckDigitTail(span),
            PhoneCue = named && (Context.Near(text, start, end, Cues, 6, EndsSentence(text, end) ? 0 : 1) || InPhoneColumn(text, start) || AfterLetterLabel(text, start)
                || (international && InPhoneField(text, start))),
            PhoneWordNamesIt = named && (nearest == Cue.Phone || (international && InPhoneField(text, start))),
            ReferenceNamesIt = nearest == Cue.Reference,
            ReferenceNear = nearest != Cue.Phone && (IsReferenceNear(text, start, end, 3) || HeadedByReference(text, start)),
            PartOfSomethingElse = IsPartOfOtherToken(text, start, end) || IsQuantity(text, start, end) || HasDecimal(span) || IsTwoDigitDraw(span)
                || IsAccountShaped(text, start) || IsMachineOutput(text, start, span) || IsTableRow(span) || AfterCountryCode(text, start, span)
                || EndsRange(text, start, span),
            DeclaredFake = IsDeclaredFake(text, start, digits),
            YearPrefixed = span.Length > 5 && span[4] is '-' or '/' && span[..4].IndexOfAnyExcept("0123456789") < 0 && int.Parse(span[..4], CultureInfo.InvariantCulture) is >= 1990 and <= 2039,
            AfterNumberSign = AfterNumberSign(text, start),
        };
    }

    /// <summary>
    /// Whether a full stop, question or exclamation mark and a blank follow the number: the word after it then opens the next
    /// sentence and says nothing of it ("CVR-nr. 31 41 59 26. Ring …").
    /// </summary>
    internal static bool EndsSentence(string text, int end) =>
        end + 1 < text.Length && text[end] is '.' or '!' or '?' && char.IsWhiteSpace(text[end + 1]);

    /// <summary>Labels of a phone that are not in <see cref="Cues"/>: acronyms and the places a line rings.</summary>
    private static readonly WordSet PhoneLabels = WordSet.Of(
        "gsm", "wa", "ddi", "did", "tlf", "tfno", "telf", "kom", "tfn", "msisdn", "cli", "ani", "tty", "voip", "sip", "ext", "office", "home", "work", "direct", "reception",
        "switchboard", "desk", "support", "helpdesk", "kontakt", "zentrale", "durchwahl", "privat", "büro", "notfall", "emergency", "domicile", "bureau", "casa",
        "oficina", "ufficio", "line", "numéro", "número", "numero", "nummer", "tel", "cellphone", "telephone", "smartphone", "lokal", "daytime", "evening",
        "private", "business", "personal", "main", "alt", "alternative", "alternate", "fijo", "trabajo", "lavoro", "fixe", "travail", "pager", "skype", "signal", "viber", "telegram", "wechat", "backup", "other", "new", "old", "same", "correct", "right", "wrong",
        "registered", "primary", "secondary", "best", "my", "your", "his", "her", "our", "their", "the", "a", "this", "that", "its", "whose", "which");

    /// <summary>Words for "number" that make the word before them a label ("loyalty number", "Lidnummer" is one word).</summary>
    private static readonly WordSet NumberWords = WordSet.Of("number", "nummer", "numero", "número", "numéro");

    /// <summary>
    /// The label right before the number when it is not a phone word: an acronym of two to six capitals (<c>CUIT 30-…</c>,
    /// <c>REGON 146118093</c>), a word before a colon (<c>Pedido: 7741209</c>) or a word before "number" (<c>applicant number</c>).
    /// </summary>
    internal static PhoneLabel LabelBefore(string text, int start)
    {
        var i = start;
        while (i > 0 && start - i < 3 && text[i - 1] == ' ')
        {
            i--;
        }

        var colon = i > 0 && text[i - 1] == ':';
        if (colon)
        {
            i--;
        }

        // "delenr. 0 445 …", "Auftragsnr. 4471": an abbreviated label ends in a full stop.
        var abbreviated = !colon && i > 2 && text[i - 1] == '.' && char.IsLetter(text[i - 2]);
        if (abbreviated)
        {
            i--;
        }

        var wordEnd = i;
        while (i > 0 && wordEnd - i < 24 && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        if (abbreviated && wordEnd - i == 1 && char.IsUpper(text[i]) && i >= 2 && text[i - 1] == '.' && char.IsUpper(text[i - 2]))
        {
            // "C.F. 04218870962", "N.I.F. …": an acronym written with dots names an identifier.
            return PhoneLabel.Acronym;
        }

        if (wordEnd - i < 2 || (i > 0 && char.IsLetterOrDigit(text[i - 1])) || (!colon && wordEnd == start))
        {
            return PhoneLabel.None;
        }

        var word = text.AsSpan(i, wordEnd - i);
        if (abbreviated)
        {
            // "Member no. 8841 …", "Claim nr. …": an abbreviated "number" after the kind it names; "Tel. no." names a phone.
            var kindAt = i;
            return IsReferenceCompound(word)
                || (NumberAbbreviations.Contains(word) && Context.PreviousWord(text, ref kindAt, Math.Max(0, i - 24), out var kind) && kindAt + kind.Length + 1 == i
                    && !Cues.Contains(kind) && !PhoneLabels.Contains(kind))
                ? PhoneLabel.Acronym
                : PhoneLabel.None;
        }

        // "loyalty number 9826 …": the word before "number" says which number it is.
        if (!colon && NumberWords.Contains(word))
        {
            return Context.PreviousWord(text, ref i, Math.Max(0, i - 30), out var kind) && text[i + kind.Length] == ' '
                && !Cues.Contains(kind) && !PhoneLabels.Contains(kind) ? PhoneLabel.Word : PhoneLabel.None;
        }

        if (Cues.Contains(word) || PhoneLabels.Contains(word))
        {
            return PhoneLabel.None;
        }

        if (IsAcronym(word) || IsReferenceCompound(word))
        {
            return PhoneLabel.Acronym;
        }

        // "NIP firmy: 727-…", "NIT empleador 900.441.782-1": an identifier's acronym with a word that says whose it is;
        // "nr katalogowy 0 986 …", "número de pedido": an abbreviation of "number" with a word that says which.
        if (char.IsLower(word[0]) && Context.PreviousWord(text, ref i, Math.Max(0, i - 10), out var owner) && i + owner.Length + 1 >= wordEnd - word.Length - 1
            && ((IsAcronym(owner) && !PhoneLabels.Contains(owner) && !Cues.Contains(owner)) || NumberAbbreviations.Contains(owner)
                || (Of.Contains(owner) && Context.PreviousWord(text, ref i, Math.Max(0, i - 12), out var number) && NumberWords.Contains(number))))
        {
            // "Número de contribuinte 504 …": a word for "number", "of" and the kind.
            return PhoneLabel.Acronym;
        }

        return colon ? PhoneLabel.Word : PhoneLabel.None;
    }

    /// <summary>Abbreviations of "number" that a word naming the kind follows: "nr katalogowy", "nr. zamówienia", "no. client".</summary>
    private static readonly WordSet NumberAbbreviations = WordSet.Of("nr", "no", "nº", "num", "numer", "n", "nomor", "număr", "numara");

    /// <summary>"Of" between a word for "number" and the kind it names: "número de contribuinte", "numéro du contrat".</summary>
    private static readonly WordSet Of = WordSet.Of("de", "di", "du", "do", "da", "del", "des");

    /// <summary>Two to six capitals of any script: CUIT, REGON, IČO, ΑΦΜ.</summary>
    private static bool IsAcronym(ReadOnlySpan<char> word)
    {
        if (word.Length is < 2 or > 6)
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!char.IsUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Phone stems that make a compound ending in a word for "number" a phone's: Telefonnummer, Faxnummer, 전화번호.</summary>
    private static readonly string[] PhoneStems =
        ["tel", "telefon", "telefoon", "fax", "handy", "ruf", "mobi", "gsm", "sms", "whatsapp", "kontakt", "contact", "service", "hotline", "notruf", "durchwahl", "zentral", "direkt",
         "phone", "puhelin", "privat", "büro", "buero", "festnetz", "nebenstelle", "anruf", "전화", "휴대", "핸드폰", "팩스", "연락", "電話", "携帯",
         "电话", "手机", "联系"];

    /// <summary>The endings of a compound that names a number: Vertragsnummer, Ondernemingsnummer, delenr, cégjegyzékszám, 法人番号, 사업자등록번호.</summary>
    private static readonly string[] NumberEndings = ["nummer", "nummern", "nr", "number", "numero", "número", "szám", "番号", "号码", "번호"];

    /// <summary>
    /// A one-word compound that names a number of some kind, not a phone's: a stem before a word for "number"
    /// (Ondernemingsnummer, Vertragsnummer, delenr, 사업자등록번호) that neither starts nor ends with a phone word (Telefonnummer,
    /// Rückrufnummer, Kundentelefonnummer).
    /// </summary>
    internal static bool IsReferenceCompound(ReadOnlySpan<char> word)
    {
        foreach (var ending in NumberEndings)
        {
            if (word.Length >= ending.Length + (ending.Length == 2 ? 2 : 3) && word.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                var stem = word[..^ending.Length];
                foreach (var phone in PhoneStems)
                {
                    if (stem.StartsWith(phone, StringComparison.OrdinalIgnoreCase) || stem.EndsWith(phone, StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Keys of a log's key=value field that hold a phone number (<c>to=+447700900517</c>).</summary>
    private static readonly WordSet PhoneFields = WordSet.Of(
        "to", "from", "msisdn", "phone", "tel", "mobile", "caller", "callee", "dest", "destination", "recipient", "sender", "number", "ani", "dnis", "cli", "src", "dst");

    /// <summary>Whether an international number is the value of a phone-ish key=value field (<c>to=+44…</c>, <c>"from": "+1…"</c>).</summary>
    internal static bool InPhoneField(string text, int start)
    {
        var i = start;
        while (i > 0 && start - i < 4 && text[i - 1] is ' ' or '"' or '\'')
        {
            i--;
        }

        if (i == 0 || text[i - 1] is not '=' and not ':')
        {
            return false;
        }

        i--;
        while (i > 0 && text[i - 1] is '"' or '\'' or ' ')
        {
            i--;
        }

        var wordEnd = i;
        while (i > 0 && (char.IsLetter(text[i - 1]) || text[i - 1] == '_'))
        {
            i--;
        }

        var key = text.AsSpan(i, wordEnd - i);
        var underscore = key.LastIndexOf('_');
        return PhoneFields.Contains(underscore >= 0 ? key[(underscore + 1)..] : key) || (underscore > 0 && PhoneFields.Contains(key[..underscore]));
    }

    /// <summary>
    /// A last group of one digit (<c>30-71234567-9</c>, <c>9826 4412 0884 1</c>): a check digit. "-0" stays a phone's: the
    /// switchboard extension of a German number (<c>030 12345-0</c>).
    /// </summary>
    internal static bool HasCheckDigitTail(ReadOnlySpan<char> span)
    {
        var n = span.Length;
        return n >= 3 && char.IsAsciiDigit(span[n - 1]) && span[n - 2] is ' ' or '-' && char.IsAsciiDigit(span[n - 3])
            && !(span[n - 2] == '-' && span[n - 1] == '0');
    }

    /// <summary>Six or more groups of two digits (<c>04 12 19 27 33 41</c>): a lottery draw or a list of values; no phone layout has six pairs.</summary>
    internal static bool IsTwoDigitDraw(ReadOnlySpan<char> span)
    {
        var groups = 0;
        foreach (var range in span.Split(' '))
        {
            if (span[range].Length != 2 || !char.IsAsciiDigit(span[range][0]) || !char.IsAsciiDigit(span[range][1]))
            {
                return false;
            }

            groups++;
        }

        return groups >= 6;
    }

    /// <summary>Abbreviations of "number" ("n.", "no.", "nr.", "nº", "#").</summary>
    private static readonly WordSet NumberSigns = WordSet.Of("n", "no", "nr", "nº", "num");

    /// <summary>
    /// "Contratto n. 3302871": a number sign right before the run, not itself after a phone word ("Tel. no. 0123 …"),
    /// names a reference number; phone numbers are named by a phone word.
    /// </summary>
    internal static bool AfterNumberSign(string text, int start)
    {
        // Not the clause: the abbreviation's own dot ("n.") reads as a sentence end there.
        var clause = Math.Max(0, start - 24);
        var i = start;
        while (i > clause && text[i - 1] is ' ' or ':')
        {
            i--;
        }

        if (i > clause && text[i - 1] == '#')
        {
            return true;
        }

        if (!Context.PreviousWord(text, ref i, Math.Max(0, clause - 1), out var sign) || !NumberSigns.Contains(sign)
            || text.AsSpan(i + sign.Length, start - i - sign.Length).IndexOfAnyExcept(" .:#º°\"'") >= 0)
        {
            // Only blanks, a dot or a colon between the sign and the number: "sigrid@haug.no,+47 …" ends a domain.
            return false;
        }

        return !Context.PreviousWord(text, ref i, Math.Max(0, clause - 1), out var before) || !StrongCues.Contains(before);
    }

    /// <summary>The context features completed with what libphonenumber says of the number.</summary>
    private static PhoneFeatures NumberFeatures(PhoneFeatures context, PhoneNumber number, ReadOnlySpan<char> span, PhoneValidity validity, int digits)
    {
        var groups = DigitGroups(span);
        // Both grouping features need two groups or more: a single run skips the formatting.
        var standard = groups >= 2 && MatchesStandardGrouping(span, number);
        return context with
        {
            Validity = validity,
            KnownType = validity != PhoneValidity.Possible && Util.GetNumberType(number) is not PhoneNumberType.UNKNOWN,
            GroupedLong = validity != PhoneValidity.ValidInternational && groups >= 2 && digits >= 9,
            StandardGrouping = groups >= 2 && standard,
            OddGrouping = groups >= 3 && !standard && !span.TrimStart('(').StartsWith('0') && !IsThreeByThree(span),
        };
    }

    /// <summary>
    /// Whether every group break of the region's standard national or international form is also a break in the text
    /// (the text may split further: +44 7700 900 318 against +44 7700 900318).
    /// </summary>
    internal static bool MatchesStandardGrouping(ReadOnlySpan<char> span, PhoneNumber number)
    {
        Span<int> breaks = stackalloc int[16];
        var written = Breaks(span, breaks);
        var national = Util.Format(number, PhoneNumberFormat.NATIONAL);
        var international = Util.Format(number, PhoneNumberFormat.INTERNATIONAL);
        return Refines(breaks[..written], national) || Refines(breaks[..written], international)
            || (span.TrimStart('(').StartsWith('0') is false && Refines(breaks[..written], national.TrimStart('0')));
    }

    private static bool Refines(ReadOnlySpan<int> written, string formatted)
    {
        Span<int> breaks = stackalloc int[16];
        var count = Breaks(formatted, breaks);
        if (count == 0)
        {
            return false;
        }

        // Compare by position counted from the last digit: prefixes (+CC, a trunk 0) differ between forms, the subscriber part does not.
        var writtenTotal = written.Length == 0 ? 0 : written[^1];
        var formattedTotal = breaks[count - 1];
        foreach (var b in breaks[..(count - 1)])
        {
            var fromEnd = formattedTotal - b;
            if (fromEnd <= 0 || fromEnd >= writtenTotal || written.IndexOf(writtenTotal - fromEnd) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The digit counts at which each group ends, the last entry being the total.</summary>
    private static int Breaks(ReadOnlySpan<char> text, Span<int> breaks)
    {
        var count = 0;
        var digits = 0;
        for (var k = 0; k < text.Length; k++)
        {
            if (!char.IsAsciiDigit(text[k]))
            {
                continue;
            }

            digits++;
            if ((k + 1 == text.Length || !char.IsAsciiDigit(text[k + 1])) && count < breaks.Length)
            {
                breaks[count++] = digits;
            }
        }

        return count;
    }

    private static PhoneNumber? Parse(string candidate, string region)
    {
        try
        {
            return Util.Parse(candidate, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static bool FindWithin(List<PiiMatch> found, string candidate, int offset, PhoneFeatures context)
    {
        var any = false;
        foreach (var match in Util.FindNumbers(candidate, "US", PhoneNumberUtil.Leniency.VALID, 5))
        {
            var start = offset + match.Start;
            Add(found, start, start + match.RawString.Length, NumberFeatures(context, match.Number, match.RawString, PhoneValidity.ValidInternational, 10));
            any = true;
        }

        return any;
    }

    private static void Add(List<PiiMatch> found, int start, int end, PhoneFeatures features)
    {
        Observer?.Invoke(start, end, features);
        var score = PhoneScore.Of(features);
        if (score > 0)
        {
            found.Add(new PiiMatch(PiiEntityType.Phone, start, end - start, score));
        }
    }

    private static bool IsReferenceNear(string text, int start, int end, int words)
    {
        // Only within the clause: "… invoice query\n- 12:20 +41 44 …" starts a new line item.
        var clause = ClauseStart(text, start);
        if (Context.Near(text, start, end, Decoys.Cues, words, 0, clause) || Context.Near(text, start, end, NotPhoneCues, words, 0, clause))
        {
            return true;
        }

        var i = start;
        for (var n = 0; n < words && Context.PreviousWord(text, ref i, clause, out var word); n++)
        {
            if (Decoys.IsPurchaseOrder(word))
            {
                return true;
            }
        }

        return false;
    }

    private enum Cue
    {
        None,
        Phone,
        Reference,
    }

    private static readonly WordSet Fillers = WordSet.Of("is", "was", "are", "our", "your", "my", "the", "its", "their", "his", "her");

    private static readonly WordSet Prepositions = WordSet.Of("on", "at", "via", "to", "under", "from", "for", "with");

    /// <summary>Kinds of number named as "&lt;kind&gt; number" ("company number 09876543", "VAT number is GB 293 7741 25").</summary>
    private static readonly WordSet NumberKinds = WordSet.Of(
        "company", "companies", "registration", "vat", "tax", "customer", "client", "account", "case", "order", "invoice", "reference", "policy",
        "member", "serial", "part", "model", "tracking", "routing", "bank", "employee", "student", "patient", "booking", "contract", "licence", "license");

    /// <summary>
    /// Which cue word comes first walking back from the number over its clause (to a line break or a sentence end): the
    /// nearest word decides, so "Purolator waybill 3329…" after a phone line is a waybill and "parcel. Landline (08) …" a phone.
    /// </summary>
    private static Cue NearestCue(string text, int start, int words)
    {
        var clause = ClauseStart(text, start);
        var i = start;
        var previousWasNumberWord = false;
        var afterPreposition = false;
        for (var n = 0; n < words && i > clause; n++)
        {
            if (!Context.PreviousWord(text, ref i, clause, out var word))
            {
                break;
            }

            if (StrongCues.Contains(word))
            {
                return Cue.Phone;
            }

            if (Fillers.Contains(word))
            {
                n--;
                continue;
            }

            // "Ondernemingsnummer 0844.182.772", "delenr. 0 445 110 218": a compound naming a number of another kind.
            if (n == 0 && IsReferenceCompound(word))
            {
                return Cue.Reference;
            }

            // "Phone on account: +84 …", "mobile in the order: …": the phone word names the number, the reference word the record it belongs to.
            if (n <= 1 && (Decoys.Cues.Contains(word) || NotPhoneCues.Contains(word)) && PhoneWordOwns(text, i, clause))
            {
                return Cue.Phone;
            }

            // "the account on 07700 …": a word between names the number's role; the reference word does not name it.
            if (!afterPreposition && ((n <= 1 && (Decoys.Cues.Contains(word) || Decoys.IsPurchaseOrder(word) || NotPhoneCues.Contains(word))) || (previousWasNumberWord && NumberKinds.Contains(word))))
            {
                return Cue.Reference;
            }

            afterPreposition |= Prepositions.Contains(word);
            previousWasNumberWord = ListWords.Contains(word) || word.Equals("nr", StringComparison.OrdinalIgnoreCase);
        }

        return Cue.None;
    }

    /// <summary>Owners linking a phone word to the record it is kept on: "phone on account", "mobile in the file".</summary>
    private static readonly WordSet OwnerPrepositions = WordSet.Of("on", "in");

    /// <summary>
    /// Whether the words just before the reference word at <paramref name="wordStart"/> are a phone word and a preposition
    /// ("Phone on account", "mobile on the booking"): then the phone word names the number and the reference word its owner.
    /// </summary>
    private static bool PhoneWordOwns(string text, int wordStart, int clause)
    {
        var i = wordStart;
        var sawPreposition = false;
        for (var n = 0; n < 3 && i > clause; n++)
        {
            while (i > clause && text[i - 1] == ' ')
            {
                i--;
            }

            var wordEnd = i;
            while (i > clause && char.IsLetter(text[i - 1]))
            {
                i--;
            }

            if (wordEnd == i)
            {
                return false;
            }

            var word = text.AsSpan(i, wordEnd - i);
            if (!sawPreposition)
            {
                if (word.Equals("the", StringComparison.OrdinalIgnoreCase) || word.Equals("this", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!OwnerPrepositions.Contains(word))
                {
                    return false;
                }

                sawPreposition = true;
                continue;
            }

            return StrongCues.Contains(word) || word.Equals("number", StringComparison.OrdinalIgnoreCase) && n < 2 && PhoneWordOwnsNumber(text, i, clause);
        }

        return false;
    }

    /// <summary>"phone number on account": the word before "number" is a phone word.</summary>
    private static bool PhoneWordOwnsNumber(string text, int numberStart, int clause)
    {
        var i = numberStart;
        while (i > clause && text[i - 1] == ' ')
        {
            i--;
        }

        var wordEnd = i;
        while (i > clause && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        return wordEnd > i && StrongCues.Contains(text.AsSpan(i, wordEnd - i));
    }

    /// <summary>
    /// Whether the number sits in a cell of a tab- or pipe-separated table whose column heading (the first line of the
    /// table) holds a phone word: a Mobile column names every number under it.
    /// </summary>
    private static bool InPhoneColumn(string text, int start)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        var before = text.AsSpan(lineStart, start - lineStart);
        var separator = before.Contains('\t') ? '\t' : start > lineStart && text[start - 1] == ',' ? ',' : '|';
        var column = text.AsSpan(lineStart, start - lineStart).Count(separator);
        if (column == 0 && separator == '|')
        {
            return false;
        }

        // Walk up over the table's lines (each holding the separator) to its first line, the heading.
        var headerStart = lineStart;
        for (var lines = 0; headerStart > 0 && lines < 200; lines++)
        {
            var previousStart = text.LastIndexOf('\n', Math.Max(0, headerStart - 2)) + 1;
            if (headerStart - 1 <= previousStart || text.AsSpan(previousStart, headerStart - 1 - previousStart).IndexOf(separator) < 0)
            {
                break;
            }

            headerStart = previousStart;
        }

        if (headerStart == lineStart)
        {
            return false;
        }

        var headerEnd = text.IndexOf('\n', headerStart);
        var header = text.AsSpan(headerStart, (headerEnd < 0 ? text.Length : headerEnd) - headerStart);
        for (var c = 0; c < column; c++)
        {
            var next = header.IndexOf(separator);
            if (next < 0)
            {
                return false;
            }

            header = header[(next + 1)..];
        }

        var cellEnd = header.IndexOf(separator);
        var cell = cellEnd < 0 ? header : header[..cellEnd];

        // A CSV column headed "number" (a call log's dialled number): a bare heading names the number itself.
        if (separator == ',' && cell.Trim().Equals("number", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var range in cell.SplitAny(" /-()"))
        {
            if (StrongCues.Contains(cell[range]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the clause holding <paramref name="start"/> begins: after a line break or a sentence end.</summary>
    private static int ClauseStart(string text, int start)
    {
        for (var i = start - 1; i >= 0 && start - i < 200; i--)
        {
            var c = text[i];
            // A full stop after a number ends a sentence too when a capital opens the next ("order 300918552. Her number …").
            if (c == '\n' || (c is '.' or '!' or '?' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]) && i > 0
                && (char.IsLetter(text[i - 1]) || (char.IsAsciiDigit(text[i - 1]) && i + 2 < text.Length && char.IsUpper(text[i + 2])))))
            {
                return i + 1;
            }
        }

        return Math.Max(0, start - 200);
    }

    /// <summary>Whether the number is an item of a list whose heading is a reference word ("Part numbers: A, B, C").</summary>
    private static bool HeadedByReference(string text, int start)
    {
        for (var i = start - 1; i >= 0 && start - i < 120; i--)
        {
            var c = text[i];
            if (c is '\n' || (c is '.' or '!' or '?' && i + 1 < text.Length && text[i + 1] == ' '))
            {
                return false;
            }

            // The heading ends at its colon ("Part numbers:", "Order ids:"); "(from the order):" is a remark, not a heading.
            if (c == ':')
            {
                // "Reference: Graham Pyke (previous landlord) 0438 …": the heading names a person, whose number follows.
                return i > 0 && char.IsLetter(text[i - 1]) && !NamesSomeone(text.AsSpan(i + 1, start - i - 1))
                    && ((i < start - 2 && (Context.Near(text, i, i, Decoys.Cues, 1, 0) || Context.Near(text, i, i, NotPhoneCues, 1, 0)
                        || (Context.Near(text, i, i, ListWords, 1, 0) && (Context.Near(text, i, i, Decoys.Cues, 2, 0) || Context.Near(text, i, i, NotPhoneCues, 2, 0)))))
                        || HeadingNamesReferences(text, i));
            }
        }

        return false;
    }

    /// <summary>Two capitalised words in a row, each with lower-case letters after its capital: a person's name ("Graham Pyke").</summary>
    private static bool NamesSomeone(ReadOnlySpan<char> between)
    {
        var previousCapitalised = false;
        foreach (var range in between.Split(' '))
        {
            var word = between[range].Trim("(),;");
            var capitalised = word.Length >= 2 && char.IsUpper(word[0]) && char.IsLower(word[1]) && word[1..].IndexOfAny("0123456789") < 0;
            if (capitalised && previousCapitalised)
            {
                return true;
            }

            previousCapitalised = capitalised;
        }

        return false;
    }

    /// <summary>A heading that names references anywhere in it: "Part numbers on the BOM:", "Serial nos for the batch:".</summary>
    private static bool HeadingNamesReferences(string text, int colon)
    {
        var limit = ClauseStart(text, colon);
        var i = colon;
        var right = false;
        for (var n = 0; n < 6 && i > limit; n++)
        {
            if (!Context.PreviousWord(text, ref i, limit, out var word))
            {
                return false;
            }

            if (StrongCues.Contains(word))
            {
                return false;
            }

            if (right && (Decoys.Cues.Contains(word) || NotPhoneCues.Contains(word)))
            {
                return true;
            }

            right = ListWords.Contains(word);
        }

        return false;
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

    /// <summary>
    /// Digits glued to something that is not a phone number: a hyphenated identifier (ORD-2024-118842, ip-10-0-1-12), a
    /// time (2024-08-19 22:41), a house number (8-2-293/82), a path or a version suffix.
    /// </summary>
    private static bool IsPartOfOtherToken(string text, int start, int end)
    {
        // "1Z 4E9 W73 03 4410 2286": groups that continue a spaced run of letter-and-digit groups (a tracking number).
        // "filter F 026 400 412": a lone capital after a lower-case word heads a part code.
        if (start >= 4 && text[start - 1] == ' ' && char.IsAsciiLetterUpper(text[start - 2]) && text[start - 3] == ' ' && char.IsLower(text[start - 4]))
        {
            return true;
        }

        if (start >= 3 && char.IsAsciiDigit(text[start]) && text[start - 1] == ' ' && char.IsLetterOrDigit(text[start - 2]))
        {
            var t = start - 2;
            while (t > 0 && char.IsLetterOrDigit(text[t - 1]) && start - t < 6)
            {
                t--;
            }

            var token = text.AsSpan(t, start - 1 - t);
            if ((t == 0 || text[t - 1] == ' ') && token.Length is >= 2 and <= 4 && token.ContainsAnyInRange('0', '9') && token.ContainsAnyInRange('A', 'Z')
                && token.IndexOfAnyExcept("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") < 0)
            {
                return true;
            }
        }

        if (start >= 2 && ((text[start - 1] is '-' or '_' or '/' or '#' && char.IsLetterOrDigit(text[start - 2])) || (text[start - 1] is '.' or ':' && char.IsAsciiDigit(text[start - 2]))))
        {
            return true;
        }

        if (end + 1 < text.Length && text[end] is '-' or '_' or ':' or '/' or '.' && char.IsLetterOrDigit(text[end + 1]))
        {
            return true;
        }

        // "code 7720 4418#": a hash right after the digits ends a code keyed in on a dial pad, not a number dialled.
        if (end < text.Length && text[end] == '#' && (end + 1 == text.Length || !char.IsLetterOrDigit(text[end + 1])))
        {
            return true;
        }

        // A slash inside a phone number separates the area code (030/1234567); a short group after it is a unit or a fraction.
        var run = text.AsSpan(start, end - start);
        var slash = run.LastIndexOf('/');
        if (slash >= 0 && end - (start + slash + 1) < 4)
        {
            return true;
        }

        // "(18822/18822)": a count out of a total; an area code is shorter than the number after it.
        return slash > 0 && run.IndexOf('/') == slash && slash == run.Length - slash - 1 && run.IndexOfAnyExcept("0123456789/") < 0;
    }

    /// <summary>
    /// Digit groups continuing an IBAN- or account-shaped string that the IBAN recognizer rejected (it fails mod 97):
    /// <c>NL91 ABNA 0417 1643 01</c>, <c>DE89 3704 0044 0532 0130 01</c>. Walking back over at most two space-separated
    /// groups of capitals and digits, a <c>CC00</c> country-and-check group starts the string.
    /// </summary>
    private static bool IsAccountShaped(string text, int start)
    {
        var i = start;
        for (var group = 0; group < 3; group++)
        {
            if (i < 2 || text[i - 1] != ' ')
            {
                return false;
            }

            var tokenEnd = i - 1;
            var t = tokenEnd;
            while (t > 0 && (char.IsAsciiLetterUpper(text[t - 1]) || char.IsAsciiDigit(text[t - 1])) && tokenEnd - t < 5)
            {
                t--;
            }

            if (t == tokenEnd || (t > 0 && !char.IsWhiteSpace(text[t - 1]) && text[t - 1] is not ':' and not '(' and not ','))
            {
                return false;
            }

            var token = text.AsSpan(t, tokenEnd - t);
            if (token.Length == 4 && char.IsAsciiLetterUpper(token[0]) && char.IsAsciiLetterUpper(token[1]) && char.IsAsciiDigit(token[2]) && char.IsAsciiDigit(token[3]))
            {
                return true;
            }

            // Only a bank-code group of capitals (ABNA, BUKB) or of digits may stand between the country group and the number.
            if (token.Length != 4)
            {
                return false;
            }

            i = t;
        }

        return false;
    }

    /// <summary>
    /// Numbers in machine output rather than prose: a status code and byte count after an access log's request line
    /// (<c>"GET / HTTP/1.1" 200 48211</c>), an SNMP value in brackets (<c>Timeticks: (48213377) 5 days</c>); a bracket
    /// around more than five digits is never an area code.
    /// </summary>
    private static bool IsMachineOutput(string text, int start, ReadOnlySpan<char> span)
    {
        // "$ aws sts get-caller-identity … --output text" then "448822901137": a command's output on the line after its prompt.
        var ownLine = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (ownLine > 1 && ownLine == start && (start + span.Length == text.Length || text[start + span.Length] is '\n' or '\r'))
        {
            var previousStart = text.LastIndexOf('\n', ownLine - 2) + 1;
            var previous = text.AsSpan(previousStart, ownLine - 1 - previousStart).TrimStart(' ');
            if (previous.StartsWith("$ ", StringComparison.Ordinal) || previous.StartsWith("# ", StringComparison.Ordinal) || previous.StartsWith("> ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        if (span[0] == '(')
        {
            var close = span.IndexOf(')');
            if (close > 6 && span[1..close].IndexOfAnyExcept("0123456789") < 0)
            {
                return true;
            }
        }

        // An HTTP status (100-599) opening the run, right after a quoted request line or on a line that names HTTP.
        if (span.Length > 4 && span[0] is >= '1' and <= '5' && char.IsAsciiDigit(span[1]) && char.IsAsciiDigit(span[2]) && span[3] == ' ')
        {
            if (start >= 2 && text[start - 1] == ' ' && text[start - 2] == '"')
            {
                return true;
            }

            var lineStart = text.LastIndexOf('\n', start > 0 ? start - 1 : 0) + 1;
            var line = text.AsSpan(lineStart, start - lineStart);
            return line.Contains("HTTP/", StringComparison.Ordinal);
        }

        return false;
    }

    /// <summary>
    /// Columns of a table row, not one number: groups separated by two or more spaces (<c>2291     118   1841220</c>); a
    /// phone number is written with single separators.
    /// </summary>
    internal static bool IsTableRow(ReadOnlySpan<char> span) => span.Contains("  ", StringComparison.Ordinal);

    /// <summary>
    /// "USt-IdNr. DE 811 907 980", "TVA FR 40 303 265 045": a two-letter country code standing before the digits prefixes a
    /// VAT or registration number; a phone number carries its country as +CC.
    /// </summary>
    internal static bool AfterCountryCode(string text, int start, ReadOnlySpan<char> span)
    {
        if (span[0] == '+' || start < 3 || text[start - 1] != ' ' || !char.IsAsciiLetterUpper(text[start - 2]) || !char.IsAsciiLetterUpper(text[start - 3])
            || Cues.Contains(text.AsSpan(start - 3, 2)) || PhoneLabels.Contains(text.AsSpan(start - 3, 2)))
        {
            // "HP 9127 4483", "WA 0812 …": a phone label, not a country.
            return false;
        }

        return start == 3 || !char.IsLetterOrDigit(text[start - 4]);
    }

    /// <summary>Single-letter labels of a signature block ("T 02-3456-1187", "M: 010-…", "F 03 …").</summary>
    private static readonly SearchValues<char> LetterLabels = SearchValues.Create("TMPFHWO");

    /// <summary>Whether a capital letter label of a signature or contact block stands right before the number.</summary>
    internal static bool AfterLetterLabel(string text, int start)
    {
        var i = start;
        if (i > 0 && text[i - 1] == ' ')
        {
            i--;
        }

        if (i > 0 && text[i - 1] is ':' or '.')
        {
            // "T: 02 …", "M. +82 10 …".
            i--;
        }

        if (i >= start || i < 1 || !LetterLabels.Contains(text[i - 1]) || (i > 1 && char.IsLetterOrDigit(text[i - 2])))
        {
            return false;
        }

        // "filter F 026 400 412": a capital after a lower-case word is the head of a part code, not a label of a contact block.
        var w = i - 2;
        while (w >= 0 && text[w] == ' ')
        {
            w--;
        }

        return w < 0 || !char.IsLower(text[w]);
    }

    /// <summary>Words declaring the values around them made up (a tutorial's "fake numbers", "dummy data").</summary>
    private static readonly WordSet FakeWords = WordSet.Of("fake", "dummy", "placeholder", "fictitious", "fictional", "bogus");

    /// <summary>A short local number (no area code) in a clause that declares its values fake: <c>Example fake numbers: … phone 555-0100</c>.</summary>
    private static bool IsDeclaredFake(string text, int start, int digits)
    {
        if (digits > 8)
        {
            return false;
        }

        var clause = ClauseStart(text, start);
        return Context.Near(text, start, start, FakeWords, 20, 0, clause);
    }

    /// <summary>An amount or a count: a currency sign before it, or a unit or currency word right after it.</summary>
    private static bool IsQuantity(string text, int start, int end)
    {
        var i = start - 1;
        while (i >= 0 && text[i] == ' ')
        {
            i--;
        }

        // "to=+16465550193": a key=value field of a log line holding an international number is no amount.
        if (i >= 0 && (text[i] is '$' or '€' or '£' or '¥' or '₹' or '₩' or '₺' or '₽' or '%' or '×' or '*' || (text[i] == '=' && text[start] != '+')))
        {
            return true;
        }

        var j = end;
        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (j < text.Length && text[j] is '%' or '$' or '€' or '£' or '×' && (j + 1 == text.Length || !char.IsLetter(text[j + 1])))
        {
            return true;
        }

        var k = j;
        while (k < text.Length && (char.IsLetter(text[k]) || text[k] == '²'))
        {
            k++;
        }

        // "T 02-3456-1187  M 010-…", "T. +82 2 …  M. +82 10 …": a capital letter before the next number labels it; it is no
        // unit of this one.
        if (k == j + 1 && char.IsUpper(text[j]) && AfterLetterLabel(text, NextNonSpace(text, k < text.Length && text[k] == '.' ? k + 1 : k)))
        {
            return false;
        }

        return k > j && Units.Contains(text.AsSpan(j, k - j));
    }

    private static int NextNonSpace(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or ':')
        {
            i++;
        }

        return i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '+' or '(') ? i : 0;
    }

    /// <summary>A space-separated group with exactly one dot inside it is a decimal number (51.5074, 12.50), not a phone group.</summary>
    private static bool HasDecimal(ReadOnlySpan<char> span)
    {
        foreach (var range in span.Split(' '))
        {
            var token = span[range];
            var dot = token.IndexOf('.');
            if (dot > 0 && dot < token.Length - 1 && token.LastIndexOf('.') == dot && !token.Contains('-'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>ISO and day-first dates, dotted versions and similar shapes that libphonenumber may accept.</summary>
    private static bool LooksLikeDateOrVersion(ReadOnlySpan<char> span)
    {
        // A date at the start of the run (2024-08-19 22, 19.08.2024 14): a timestamp, not a number.
        if (span.Length >= 10 && char.IsAsciiDigit(span[0]) && char.IsAsciiDigit(span[3]) && span[4] is '-' or '.' or '/' && span[7] == span[4]
            && char.IsAsciiDigit(span[5]) && char.IsAsciiDigit(span[6]) && char.IsAsciiDigit(span[8]) && char.IsAsciiDigit(span[9]))
        {
            return true;
        }

        if (span.Length >= 10 && span[2] is '-' or '.' && span[5] == span[2] && char.IsAsciiDigit(span[0]) && char.IsAsciiDigit(span[1]) && char.IsAsciiDigit(span[3])
            && char.IsAsciiDigit(span[4]) && (span[6] is '1' or '2') && char.IsAsciiDigit(span[7]) && char.IsAsciiDigit(span[8]) && char.IsAsciiDigit(span[9]) && (span.Length == 10 || span[10] == ' '))
        {
            var year = ((span[6] - '0') * 1000) + ((span[7] - '0') * 100) + ((span[8] - '0') * 10) + (span[9] - '0');
            var month = ((span[3] - '0') * 10) + (span[4] - '0');
            if (year is >= 1900 and <= 2099 && month is >= 1 and <= 12)
            {
                return true;
            }
        }

        if (span.Count('.') == 3 && !span.Contains(' ') && span.Length <= 15)
        {
            // Four dotted groups of one to three digits: an IP address or netmask (255.255.255.192), not a phone number.
            var ipShaped = true;
            foreach (var range in span.Split('.'))
            {
                ipShaped &= span[range].Length is >= 1 and <= 3;
            }

            if (ipShaped)
            {
                return true;
            }
        }

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

        // 1.3.6.1.2.1.2.2.1.10: an OID or a long version; dotted phone numbers have no one-digit group after the first.
        if (span.Count('.') >= 4 && !span.Contains(' '))
        {
            var index = 0;
            foreach (var range in span.Split('.'))
            {
                if (index++ > 0 && span[range].Length == 1)
                {
                    return true;
                }
            }
        }

        if (span.Length == 10 && span[4] == '-' && span[7] == '-')
        {
            return true;
        }

        // 84-2291730 is the shape of a US employer number (EIN); a two-digit area code is written with its trunk 0 (03-5412 …).
        if (span.Length == 10 && span[2] == '-' && span[0] != '0' && span[..2].IndexOfAnyExcept("0123456789") < 0 && span[3..].IndexOfAnyExcept("0123456789") < 0)
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
