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
        "requester", "requestor", "reporter", "customer", "client", "employee", "patient", "recipient", "sender", "manager", "fn", "n",
        "nom", "prenom", "prénom", "nomcomplet", "vorname", "nachname", "ansprechpartner", "empfänger", "nombre", "apellido", "apellidos",
        "nombrecompleto", "titular", "destinatario", "contacto", "nome", "cognome", "sobrenome", "nomecompleto", "naam", "voornaam",
        "achternaam", "imię", "imie", "nazwisko", "förnamn", "efternamn", "fornavn", "etternavn", "efternavn", "etunimi", "sukunimi",
        "jméno", "příjmení", "soyad", "soyadı", "adsoyad", "isim", "kontakt", "kontaktperson");

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
        foreach (var range in header.Split(separator))
        {
            var cell = header[range].Trim().Trim('"');
            if (columns == nameColumn.Length || cell.Length > 24)
            {
                return;
            }

            foreach (var c in cell)
            {
                if (!(char.IsLetter(c) || c is '_' or ' ' or '-'))
                {
                    return;
                }
            }

            nameColumn[columns] = cell.Length > 0 && (IsKey(cell, NameKeys) || IsKey(cell, NameColumns));
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
            if (row.Count(separator) == columns - 1)
            {
                var column = 0;
                foreach (var range in row.Split(separator))
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

                        AddIfName(text, cellStart, cellEnd, found);
                    }

                    column++;
                }
            }

            start = end + 1;
        }
    }

    /// <summary>
    /// A chat log: lines that start (after an optional [09:14] time) with "Name:", "[Name]" or "&lt;Name&gt;".
    /// Colon labels count only when two or more lines carry them, one is a given name the lists know,
    /// and none is a common word (Note:, Office:, Site: are a form, not a chat).
    /// </summary>
    private void Speakers(string text, List<PiiMatch> found)
    {
        Span<(int Start, int End)> labels = stackalloc (int, int)[16];
        var count = 0;
        var chat = true;
        var knownGiven = false;
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

            if (i + 2 < lineEnd && text[i] == '[' && char.IsDigit(text[i + 1]))
            {
                // A [09:14] time before the speaker.
                var close = text.IndexOf(']', i, lineEnd - i);
                i = close < 0 ? lineEnd : close + 1;
                while (i < lineEnd && text[i] == ' ')
                {
                    i++;
                }
            }

            if (i < lineEnd && text[i] is '[' or '<')
            {
                var close = text.IndexOf(text[i] == '[' ? ']' : '>', i, lineEnd - i);
                if (close > i + 1 && IsNameValue(text, i + 1, close, out var known, out var words) && (known || words >= 2) && close + 1 < lineEnd && text[close + 1] == ' ')
                {
                    found.Add(new PiiMatch(PiiEntityType.Person, i + 1, close - i - 1, 0.8));
                }
            }
            else if (i < lineEnd && char.IsUpper(text[i]))
            {
                var colon = text.IndexOf(':', i, Math.Min(lineEnd - i, 40));
                if (colon > i && colon + 1 < lineEnd && IsNameValue(text, i, colon, out var given, out _))
                {
                    if (count < labels.Length)
                    {
                        labels[count++] = (i, colon);
                    }

                    // Every speaker is a given name the lists know or speaks twice.
                    chat &= given || text.AsSpan(lineEnd).Contains(text.AsSpan(i, colon - i + 1), StringComparison.Ordinal)
                        || text.AsSpan(0, i).Contains(text.AsSpan(i, colon - i + 1), StringComparison.Ordinal);
                    knownGiven |= given;
                }
                else if (colon > i && colon - i < 25 && !text.AsSpan(i, colon - i).ContainsAny(' ', '/'))
                {
                    // Another label on its own line (Note:, Tel:): a form, not a chat.
                    chat = false;
                }
            }

            lineStart = lineEnd + 1;
        }

        if (chat && knownGiven && count >= 2)
        {
            foreach (var (start, end) in labels[..count])
            {
                found.Add(new PiiMatch(PiiEntityType.Person, start, end - start, 0.8));
            }
        }
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

            if (i == wordStart || (i < end && text[i] != ' '))
            {
                return false;
            }

            var word = text.AsSpan(wordStart, i - wordStart);
            var isGiven = names.GivenNames.Contains(word) || names.AmbiguousGivenNames.Contains(word);
            var known = isGiven || names.Surnames.Contains(word);
            if (char.IsLower(word[0]))
            {
                // Particles (van der, de la, bin, binti) only between capitalised words.
                if (words == 0 || word.Length > 5)
                {
                    return false;
                }
            }
            else if (word.Length < 2 || (!known && (names.CommonWords.Contains(word) || names.NotNames.Contains(word))) || (words > 0 && CompanyForms.Contains(word)))
            {
                return false;
            }

            knownGiven |= words == 0 && isGiven && names.GivenNames.Contains(word);
            words++;
            while (i < end && text[i] == ' ')
            {
                i++;
            }
        }

        return words is >= 1 and <= 4 && char.IsUpper(text[start]);
    }

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

        return length > 0 && keys.Contains(buffer[..length]);
    }
}
