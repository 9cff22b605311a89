namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// Names that structure, not prose, marks as names: the value under a name key ("first_name": "Ana",
/// Cognome: Russo, vCard N: and FN:), the cells of a name column in a CSV or TSV table, and the
/// speakers of a chat log ("Shauna: ...", "[Gabriela Ortiz] ...", "&lt;Sam Whitlock&gt; ...").
/// </summary>
internal sealed class StructuredNames(Gazetteer names)
{
    private const double FieldScore = 0.92;

    /// <summary>Keys and column headers whose value is a person's name, lower-cased without spaces, underscores or hyphens.</summary>
    private static readonly WordSet NameKeys = WordSet.Of(
        "name", "firstname", "lastname", "fullname", "givenname", "givennames", "familyname", "surname", "forename", "middlename",
        "displayname", "contactname", "customername", "clientname", "employeename", "patientname", "nameoncard", "cardholder",
        "cardholdername", "accountholder", "holder", "contact", "contactperson", "author", "owner", "assignee", "reviewer", "approver",
        "requester", "requestor", "reporter", "attendee", "participant", "deponent", "witness", "user", "guest", "traveller", "traveler", "insured",
        "policyholder", "claimant", "beneficiary", "signatory", "notfallkontakt", "emergencycontact", "contactodeemergencia", "customer", "client", "employee", "patient", "recipient", "sender", "manager", "fn", "n",
        "nom", "prenom", "prénom", "nomcomplet", "vorname", "nachname", "ansprechpartner", "empfänger", "nombre", "apellido", "apellidos",
        "nombrecompleto", "titular", "destinatario", "contacto", "nome", "cognome", "sobrenome", "nomecompleto", "naam", "voornaam",
        "achternaam", "imię", "imie", "nazwisko", "förnamn", "efternamn", "fornavn", "etternavn", "efternavn", "etunimi", "sukunimi",
        "jméno", "příjmení", "soyad", "soyadı", "adsoyad", "isim", "kontakt", "kontaktperson", "vezetéknév", "keresztnév", "családnév", "utónév",
        "név", "meno", "priezvisko", "ime", "prezime", "nume", "prenume", "nimi", "namn", "navn", "nama", "namalengkap", "όνομα", "επώνυμο", "hotên", "họtên",
        "họ", "tên");

    /// <summary>Legal forms that end a company's name: Brenner Metallbau GmbH, Rijnmond Print BV.</summary>
    private static readonly WordSet CompanyForms = WordSet.Of(
        "gmbh", "ag", "kg", "ohg", "bv", "nv", "ltd", "llc", "llp", "inc", "corp", "co", "plc", "pty", "pte", "oy", "oyj", "ab", "as", "asa", "aps",
        "sa", "sas", "sarl", "srl", "spa", "snc", "sl", "lda", "kft", "zrt", "doo", "sro", "se", "bhd", "tbk", "group", "holdings");

    /// <summary>Header cells that make a table's plain "name" column a company's: vendor_id,name,iban.</summary>
    private static readonly WordSet CompanyColumns = WordSet.Of(
        "vendor", "vendorid", "supplier", "supplierid", "company", "firm", "organisation", "organization", "org", "business", "merchant",
        "payee", "bank", "account", "accountid", "product", "sku", "project", "team", "department", "city", "country", "site", "hostname", "host");

    private static readonly WordSet Plain = WordSet.Of("name", "fullname", "displayname", "owner", "contact");

    /// <summary>Column headers that name a person only in a table's header row ("first,last,ssn").</summary>
    private static readonly WordSet NameColumns = WordSet.Of("first", "last", "given", "family", "person", "who");

    public void Find(string text, List<PiiMatch> found)
    {
        if (text.Contains(':', StringComparison.Ordinal) || text.Contains('=', StringComparison.Ordinal))
        {
            KeyValues(text, found);
        }

        if (text.Contains('\n', StringComparison.Ordinal))
        {
            Table(text, found);
            Speakers(text, found);
        }
    }

    /// <summary>"first_name": "Ana", Cognome: Russo, N:Srisuwan;Kanokwan;;; — the value after a name key.</summary>
    private void KeyValues(string text, List<PiiMatch> found)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not (':' or '='))
            {
                continue;
            }

            var keyEnd = i;
            if (keyEnd > 0 && text[keyEnd - 1] is '"' or '\'')
            {
                keyEnd--;
            }

            var keyStart = keyEnd;
            while (keyStart > 0 && (char.IsLetter(text[keyStart - 1]) || text[keyStart - 1] is '_' or '-' or ' ') && keyEnd - keyStart < 24)
            {
                keyStart--;
            }

            while (keyStart < keyEnd && text[keyStart] == ' ')
            {
                keyStart++;
            }

            if (keyStart == keyEnd || (keyStart > 0 && char.IsLetterOrDigit(text[keyStart - 1])) || !IsKeyEnding(text.AsSpan(keyStart, keyEnd - keyStart)))
            {
                continue;
            }

            var valueStart = i + 1;
            while (valueStart < text.Length && text[valueStart] is ' ' or '\t')
            {
                valueStart++;
            }

            if (valueStart < text.Length && text[valueStart] == '[')
            {
                // "reviewers": ["Maddie Harlow", "Zhou Jianguo"]: each quoted string of the list.
                i = ListValues(text, valueStart, found);
                continue;
            }

            var quoted = valueStart < text.Length && text[valueStart] is '"' or '\'';
            if (quoted)
            {
                valueStart++;
            }

            var vcardN = keyEnd - keyStart == 1;
            var valueEnd = valueStart;
            while (valueEnd < text.Length && text[valueEnd] is not ('\n' or '\r' or '"' or ',' or '(' or '|' or '\t') && !(text[valueEnd] == ';' && !vcardN)
                && !(text[valueEnd] == ' ' && valueEnd + 1 < text.Length && text[valueEnd + 1] == ' '))
            {
                valueEnd++;
            }

            while (valueEnd > valueStart && text[valueEnd - 1] == ' ')
            {
                valueEnd--;
            }

            if (valueEnd < text.Length && text[valueEnd] == ',' && text.AsSpan(valueStart, valueEnd - valueStart).IndexOf(' ') < 0)
            {
                // "Nom: Wouters, Lies": a surname, a comma and a given name that ends the value.
                var givenStart = valueEnd + 1;
                while (givenStart < text.Length && text[givenStart] == ' ')
                {
                    givenStart++;
                }

                var givenEnd = givenStart;
                while (givenEnd < text.Length && (char.IsLetter(text[givenEnd]) || text[givenEnd] == '-'))
                {
                    givenEnd++;
                }

                if (givenEnd > givenStart && (givenEnd == text.Length || text[givenEnd] is '\n' or '\r') && IsNameValue(text, givenStart, givenEnd, out _, out _))
                {
                    valueEnd = givenEnd;
                }
            }

            if (vcardN)
            {
                // vCard N: family;given;additional;prefix;suffix — each part is a name on its own.
                var partStart = valueStart;
                for (var k = valueStart; k <= valueEnd; k++)
                {
                    if (k == valueEnd || text[k] == ';')
                    {
                        AddIfName(text, partStart, k, found);
                        partStart = k + 1;
                    }
                }
            }
            else
            {
                AddIfName(text, valueStart, valueEnd, found);
            }

            i = Math.Max(i, valueEnd - 1);
        }
    }

    /// <summary>A CSV, TSV or pipe table whose header row names a name column: that column's cells.</summary>
    private void Table(string text, List<PiiMatch> found)
    {
        var lineStart = 0;
        while (lineStart < text.Length && text[lineStart] is '\n' or '\r' or ' ')
        {
            lineStart++;
        }

        var lineEnd = text.IndexOf('\n', lineStart);
        if (lineEnd < 0)
        {
            return;
        }

        // The header is the first line when it holds only short identifiers between separators.
        var header = text.AsSpan(lineStart, lineEnd - lineStart).TrimEnd('\r');
        var separator = header.Contains('\t') ? '\t' : header.Contains(',') ? ',' : header.Contains(';') ? ';' : header.Contains('|') ? '|' : '\0';
        if (separator == '\0')
        {
            return;
        }

        Span<bool> nameColumn = stackalloc bool[32];
        Span<bool> plain = stackalloc bool[32];
        var columns = 0;
        var any = false;
        var companies = false;
        Span<Range> cells = stackalloc Range[33];
        var headerCells = Cells(header, separator, cells);
        foreach (var range in cells[..headerCells])
        {
            var cell = header[range].Trim().Trim('"');
            if (columns == nameColumn.Length || cell.Length > 24)
            {
                return;
            }

            foreach (var c in cell)
            {
                if (!(char.IsLetter(c) || c is '_' or ' ' or '-' or ','))
                {
                    return;
                }
            }

            // "Surname, Given": a quoted header of two name keys.
            var comma = cell.IndexOf(',');
            nameColumn[columns] = cell.Length > 0 && (IsKey(cell, NameKeys) || IsKey(cell, NameColumns)
                || (comma > 0 && IsKey(cell[..comma], NameKeys) && (IsKey(cell[(comma + 1)..], NameKeys) || IsKey(cell[(comma + 1)..], NameColumns))));
            any |= nameColumn[columns];
            companies |= IsKey(cell, CompanyColumns);
            plain[columns] = IsKey(cell, Plain);
            columns++;
        }

        if (companies)
        {
            // In a vendor table the plain "name" column names the vendor.
            for (var c = 0; c < columns; c++)
            {
                nameColumn[c] &= !plain[c];
            }

            any = nameColumn[..columns].Contains(true);
        }

        if (!any || columns < 2)
        {
            return;
        }

        var start = lineEnd + 1;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            var row = text.AsSpan(start, end - start);
            if (Cells(row, separator, cells) == columns)
            {
                var column = 0;
                foreach (var range in cells[..columns])
                {
                    if (nameColumn[column])
                    {
                        var (offset, length) = range.GetOffsetAndLength(row.Length);
                        var cellStart = start + offset;
                        var cellEnd = cellStart + length;
                        while (cellStart < cellEnd && text[cellStart] is ' ' or '"')
                        {
                            cellStart++;
                        }

                        while (cellEnd > cellStart && text[cellEnd - 1] is ' ' or '"' or '\r')
                        {
                            cellEnd--;
                        }

                        var comma = text.AsSpan(cellStart, cellEnd - cellStart).IndexOf(", ", StringComparison.Ordinal);
                        if (comma > 0 && IsNameValue(text, cellStart, cellStart + comma, out _, out _) && IsNameValue(text, cellStart + comma + 2, cellEnd, out _, out _))
                        {
                            // "Okoro-Bennett, Chidera": a quoted surname, a comma and the given name.
                            found.Add(new PiiMatch(PiiEntityType.Person, cellStart, cellEnd - cellStart, FieldScore));
                        }
                        else
                        {
                            AddIfName(text, cellStart, cellEnd, found);
                        }
                    }

                    column++;
                }
            }

            start = end + 1;
        }
    }

    /// <summary>
    /// Splits a CSV, TSV or pipe row into at most <paramref name="cells"/>.Length cells; a separator inside double quotes is
    /// part of its cell ("Okoro-Bennett, Chidera"). Returns the number of cells, or more than the span holds when the row
    /// has more.
    /// </summary>
    private static int Cells(ReadOnlySpan<char> row, char separator, Span<Range> cells)
    {
        var count = 0;
        var cellStart = 0;
        var quoted = false;
        for (var k = 0; k <= row.Length; k++)
        {
            if (k < row.Length && row[k] == '"')
            {
                quoted = !quoted;
            }
            else if (k == row.Length || (row[k] == separator && !quoted))
            {
                if (count == cells.Length)
                {
                    return count + 1;
                }

                cells[count++] = new Range(cellStart, k);
                cellStart = k + 1;
            }
        }

        return count;
    }

    /// <summary>
    /// A chat log: lines that start (after an optional [09:14] time or [ops] channel) with "Name:", "[Name]" or "&lt;Name&gt;".
    /// Bracketed speakers count when they are names the lists know, of two words, or on two lines or more. Colon labels
    /// count only when two or more lines carry them and none is a common word (Note:, Office:, Site: are a form, not a
    /// chat); each must be a given name the lists know, of two words, speak twice, or the lines carry times; and one of
    /// them must be a known given name or speak twice, or the lines carry times.
    /// </summary>
    private void Speakers(string text, List<PiiMatch> found)
    {
        Span<(int Start, int End)> labels = stackalloc (int, int)[16];
        Span<(int Start, int End, bool Strong)> bracketed = stackalloc (int, int, bool)[16];
        var count = 0;
        var brackets = 0;
        var chat = true;
        var knownGiven = false;
        var repeated = false;
        var timed = false;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var i = lineStart;
            while (i < lineEnd && text[i] == ' ')
            {
                i++;
            }

            var time = false;
            if (i + 2 < lineEnd && text[i] == '[' && (char.IsDigit(text[i + 1]) || char.IsLower(text[i + 1]) || char.IsUpper(text[i + 1])))
            {
                // A [09:14] time, an [ops] channel or a [WhatsApp] app before the speaker.
                var close = text.IndexOf(']', i, Math.Min(lineEnd - i, 24));
                if (close > 0 && (char.IsDigit(text[i + 1]) || (char.IsLower(text[i + 1]) && !text.AsSpan(i + 1, close - i - 1).Contains(' '))
                    || ChatApps.Contains(text.AsSpan(i + 1, close - i - 1))))
                {
                    // A time or an app marks a chat export as surely as a name the lists know.
                    time = char.IsDigit(text[i + 1]) || char.IsUpper(text[i + 1]);
                    i = close + 1;
                    while (i < lineEnd && text[i] == ' ')
                    {
                        i++;
                    }
                }
            }

            if (i < lineEnd && text[i] is '[' or '<')
            {
                var close = text.IndexOf(text[i] == '[' ? ']' : '>', i, lineEnd - i);
                var known = false;
                var words = 0;
                if (close > i + 1 && close + 1 < lineEnd && text[close + 1] == ' '
                    && (IsNameValue(text, i + 1, close, out known, out words) || IsLowerCaseGivenName(text.AsSpan(i + 1, close - i - 1), false, out known, out words)))
                {
                    if (brackets < bracketed.Length)
                    {
                        bracketed[brackets++] = (i + 1, close, known || words >= 2);
                    }
                }
            }
            else if (i < lineEnd && (char.IsUpper(text[i]) || char.IsLower(text[i])))
            {
                var colon = text.IndexOf(':', i, Math.Min(lineEnd - i, 40));
                var timeAfter = TimeEndsLine(text, i, lineEnd);
                if (timeAfter > 0)
                {
                    // "[Teams] Pieter Jansen 14:02": the speaker and the time head the message lines below.
                    colon = timeAfter;
                    time = true;
                }

                var nameEnd = colon;
                while (nameEnd > i && text[nameEnd - 1] == ' ')
                {
                    nameEnd--;
                }

                var given = false;
                var words = 0;
                var isName = colon > i && (colon + 1 < lineEnd || timeAfter > 0) && !IsAcronym(text, i) && (char.IsUpper(text[i])
                    ? IsNameValue(text, i, nameEnd, out given, out words)
                    : IsLowerCaseGivenName(text.AsSpan(i, nameEnd - i), time, out given, out words));
                if (isName)
                {
                    if (count < labels.Length)
                    {
                        labels[count++] = (i, nameEnd);
                    }

                    var speaker = text.AsSpan(i, nameEnd - i);
                    var again = Speaks(text.AsSpan(lineEnd), speaker) || Speaks(text.AsSpan(0, lineStart), speaker);
                    chat &= given || words >= 2 || again || time;
                    knownGiven |= given;
                    repeated |= again;
                    timed |= time;
                }
                else if (colon > i && colon - i < 25 && char.IsUpper(text[i]) && !text.AsSpan(i, colon - i).ContainsAny(' ', '/'))
                {
                    // Another label on its own line (Note:, Tel:): a form, not a chat.
                    chat = false;
                }
            }

            lineStart = lineEnd + 1;
        }

        foreach (var (start, end, strong) in bracketed[..brackets])
        {
            if (strong || brackets >= 2)
            {
                found.Add(new PiiMatch(PiiEntityType.Person, start, end - start, 0.8));
            }
        }

        if (chat && count >= 2 && (knownGiven || (repeated && Distinct(text, labels[..count]) >= 2) || timed))
        {
            foreach (var (start, end) in labels[..count])
            {
                found.Add(new PiiMatch(PiiEntityType.Person, start, end - start, 0.8));
            }
        }

        // The speaker opens another line of the log: "\nBeth:", "[14:03] Beth :".
        static bool Speaks(ReadOnlySpan<char> lines, ReadOnlySpan<char> speaker)
        {
            for (var at = lines.IndexOf(speaker, StringComparison.Ordinal); at >= 0; )
            {
                var after = lines[(at + speaker.Length)..].TrimStart(' ');
                var before = lines[..at].TrimEnd(' ');
                if ((before.IsEmpty || before[^1] is '\n' or ']') && after.StartsWith(':'))
                {
                    return true;
                }

                var next = lines[(at + 1)..].IndexOf(speaker, StringComparison.Ordinal);
                at = next < 0 ? -1 : at + 1 + next;
            }

            return false;
        }
    }

    /// <summary>The quoted names of a list value after a name key; returns where the list ends.</summary>
    private int ListValues(string text, int open, List<PiiMatch> found)
    {
        var close = text.IndexOf(']', open);
        if (close < 0 || close - open > 600)
        {
            return open;
        }

        for (var k = open + 1; k < close; k++)
        {
            if (text[k] is '"' or '\'')
            {
                var end = text.IndexOf(text[k], k + 1, close - k - 1);
                if (end < 0)
                {
                    break;
                }

                AddIfName(text, k + 1, end, found);
                k = end;
            }
        }

        return close;
    }

    /// <summary>Apps whose name a chat export writes in brackets before each speaker: [WhatsApp] Dewi Lestari: …</summary>
    private static readonly WordSet ChatApps = WordSet.Of(
        "teams", "slack", "whatsapp", "signal", "telegram", "zoom", "meet", "sms", "imessage", "discord", "webex", "skype", "viber", "wechat", "line",
        "mattermost", "chat", "messenger", "intercom", "zendesk");

    /// <summary>
    /// Where the line's closing time starts, as a speaker's colon would ("Pieter Jansen 14:02"): the line is a name, a blank
    /// and an hh:mm time, and nothing else. Zero when it is not.
    /// </summary>
    private static int TimeEndsLine(string text, int start, int lineEnd)
    {
        var end = lineEnd;
        while (end > start && text[end - 1] is ' ' or '\r')
        {
            end--;
        }

        var line = text.AsSpan(start, end - start);
        if (line.Length < 7 || line[^3] != ':' || !char.IsAsciiDigit(line[^1]) || !char.IsAsciiDigit(line[^2]))
        {
            return 0;
        }

        var hour = line.Length - 4;
        if (!char.IsAsciiDigit(line[hour]))
        {
            return 0;
        }

        if (char.IsAsciiDigit(line[hour - 1]))
        {
            hour--;
        }

        return line[hour - 1] == ' ' ? start + hour : 0;
    }

    /// <summary>
    /// A chat handle written in lower case that is a given name the lists know and no common word ("mike:"); on a line with
    /// a time, a short or ambiguous one too ("[09:15] dan:").
    /// </summary>
    private bool IsLowerCaseGivenName(ReadOnlySpan<char> label, bool timed, out bool given, out int words)
    {
        given = label.Length >= 3 && label.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz") < 0
            && ((names.GivenNames.Contains(label) && !names.CommonWords.Contains(label)) || (timed && names.AmbiguousGivenNames.Contains(label)));
        words = given ? 1 : 0;
        return given;
    }

    /// <summary>How many different speakers the labels name.</summary>
    private static int Distinct(string text, ReadOnlySpan<(int Start, int End)> labels)
    {
        var distinct = 0;
        for (var k = 0; k < labels.Length; k++)
        {
            var label = text.AsSpan(labels[k].Start, labels[k].End - labels[k].Start);
            var seen = false;
            for (var e = 0; e < k && !seen; e++)
            {
                seen = label.SequenceEqual(text.AsSpan(labels[e].Start, labels[e].End - labels[e].Start));
            }

            distinct += seen ? 0 : 1;
        }

        return distinct;
    }

    /// <summary>Whether the word at <paramref name="start"/> is an acronym of up to four capitals (SSN:, HR Sam:): a form's label, not a speaker.</summary>
    private static bool IsAcronym(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsUpper(text[end]))
        {
            end++;
        }

        return end - start is >= 2 and <= 4 && (end == text.Length || !char.IsLetter(text[end]));
    }

    private void AddIfName(string text, int start, int end, List<PiiMatch> found)
    {
        if (IsNameValue(text, start, end, out _, out _))
        {
            found.Add(new PiiMatch(PiiEntityType.Person, start, end - start, FieldScore));
        }
    }

    /// <summary>One to four capitalised (or all-capital) words with lower-case particles between, none a common word the lists do not know as a name.</summary>
    private bool IsNameValue(string text, int start, int end, out bool knownGiven, out int words)
    {
        knownGiven = false;
        words = 0;
        var particles = 0;
        var knownBefore = false;
        if (end - start < 2 || end - start > 60)
        {
            return false;
        }

        var i = start;
        while (i < end)
        {
            var wordStart = i;
            while (i < end && (char.IsLetter(text[i]) || (text[i] is '-' or '\'' or '’' && i > wordStart && i + 1 < end && char.IsLetter(text[i + 1]))))
            {
                i++;
            }

            if (i == wordStart + 1 && char.IsUpper(text[wordStart]) && i + 1 < end && text[i] == '.' && text[i + 1] == ' ')
            {
                // An initial before the rest of the name: "G. Hollis", "M. Carrasco".
                i += 2;
                continue;
            }

            if (i == wordStart || (i < end && text[i] != ' '))
            {
                return false;
            }

            var word = text.AsSpan(wordStart, i - wordStart);
            var isGiven = names.GivenNames.Contains(word) || names.AmbiguousGivenNames.Contains(word);
            var known = isGiven || names.Surnames.Contains(word);
            if (char.IsLower(word[0]))
            {
                // Particles (van der, de la, bin, binti) between capitalised words, or opening a surname (van der Heijden).
                if (!LeadingParticles.Contains(word) && !(words > 0 && InnerParticles.Contains(word)))
                {
                    // "Publish to PyPI": a lower-case word that is no particle makes the value a phrase, not a name.
                    return false;
                }

                particles++;
            }
            else if (word.Length < 2 || (!known && !knownBefore && (names.CommonWords.Contains(word) || names.NotNames.Contains(word))) || (words > 0 && CompanyForms.Contains(word)))
            {
                // A common word may follow a name the lists know (Nguyễn Thị Thu Hà), not open or make one.
                return false;
            }

            knownBefore |= known;

            knownGiven |= words == 0 && isGiven && names.GivenNames.Contains(word);
            words++;
            while (i < end && text[i] == ' ')
            {
                i++;
            }
        }

        // A lone acronym ("QA", "HR", "OPS") names a team, not a person.
        if (words == 1 && end - start <= 4 && text.AsSpan(start, end - start).Trim(' ').IndexOfAnyExceptInRange('A', 'Z') < 0)
        {
            return false;
        }

        return words - particles is >= 1 and <= 4 && words <= 6 && (char.IsUpper(text[start]) || particles > 0);
    }

    /// <summary>Particles that join the parts of a name but never open it: García y Pérez, Ferreira e Silva, Muhammad bin Salleh.</summary>
    private static readonly WordSet InnerParticles = WordSet.Of("y", "e", "i", "und", "bint", "ben", "vom", "dem", "ter", "ten", "del", "dei", "degli", "af", "av", "ap");

    /// <summary>Particles that may open a surname written on its own: van der Heijden, de la Fontaine, von Ahlen.</summary>
    private static readonly WordSet LeadingParticles = WordSet.Of(
        "van", "von", "de", "der", "den", "la", "le", "da", "di", "del", "della", "dos", "das", "du", "ter", "ten", "zu", "al", "el", "bin", "binti", "ibn");

    /// <summary>The key, or its last one or two words ("the customer name", "Last Name").</summary>
    private static bool IsKeyEnding(ReadOnlySpan<char> key)
    {
        if (IsKey(key, NameKeys))
        {
            return true;
        }

        var last = key.LastIndexOf(' ');
        if (last < 0)
        {
            return false;
        }

        if (IsKey(key[(last + 1)..], NameKeys))
        {
            return true;
        }

        var second = key[..last].LastIndexOf(' ');
        return second >= 0 && IsKey(key[(second + 1)..], NameKeys);
    }

    private static bool IsKey(ReadOnlySpan<char> key, WordSet keys)
    {
        Span<char> buffer = stackalloc char[32];
        var length = 0;
        foreach (var c in key)
        {
            if (c is '_' or '-' or ' ' or '"' or '\'')
            {
                continue;
            }

            if (length == buffer.Length)
            {
                return false;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        // "reviewers", "assignees": the plural of a name key holds names too.
        return length > 0 && (keys.Contains(buffer[..length]) || (length > 3 && buffer[length - 1] == 's' && keys.Contains(buffer[..(length - 1)])));
    }
}
