using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class DateOfBirthRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of(
        "birth", "born", "dob", "d.o.b", "birthday", "birthdate", "bday", "geboren", "geb", "geburtsdatum", "geburtstag", "né", "née", "nee",
        "naissance", "nacido", "nacida", "nacimiento", "nascita", "nato", "nata", "geboortedatum", "nascimento", "nasceu", "nascida", "nascido",
        "nací", "nació", "naci", "nacio", "geboren", "urodzony", "urodzona", "urodzenia", "birthdate", "birth_date", "date_of_birth", "dateofbirth", "födelsedatum",
        "född", "fødselsdato", "født", "fødd", "syntymäaika", "syntynyt", "doğum", "dogum", "narozen", "narozena", "narození", "születési", "született");

    // Every cue word, or its stem, for a cheap check before the date patterns run.
    private static readonly SearchValues<string> CueStems = SearchValues.Create(
        ["birth", "born", "dob", "d.o.b", "bday", "geb", "né", "nee", "naissance", "nac", "nasc", "nato", "nata", "geboorte", "urodz", "föd", "fød", "synty", "doğum", "dogum",
            "naroz", "szület"],
        StringComparison.OrdinalIgnoreCase);

    public void Find(string text, List<PiiMatch> found)
    {
        // A date is a birth date only near a cue word: look only around the cue words.
        List<(int Start, int End)>? windows = null;
        for (var offset = 0; offset < text.Length;)
        {
            var index = text.AsSpan(offset).IndexOfAny(CueStems);
            if (index < 0)
            {
                break;
            }

            var position = offset + index;
            // A heading may introduce a list of dates on its line ("Birthdays: A 1994-03-03; B 1987-07-19; …").
            var lineEnd = text.IndexOf('\n', position);
            Windows.Add(windows ??= [], text, position - 60, Math.Max(position + 110, Math.Min(lineEnd < 0 ? text.Length : lineEnd, position + 400)));
            offset = position + 1;
        }

        if (windows is null)
        {
            return;
        }

        foreach (var (start, end) in windows)
        {
            Find(text, start, end, found);
        }

        FindInColumns(text, found);
    }

    /// <summary>
    /// A table whose header names a birth-date column (<c>name,dob,ssn</c>, <c>| Name | Date of birth |</c>): every
    /// date in that column is a birth date, however far below the header it is.
    /// </summary>
    private static void FindInColumns(string text, List<PiiMatch> found)
    {
        if (!text.Contains('\n'))
        {
            return;
        }

        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            var separator = line.Contains('\t') ? '\t' : line.Contains('|') ? '|' : line.Contains(';') ? ';' : ',';
            var column = line.IndexOfAny(CueStems) >= 0 && line.Contains(separator) ? BirthColumn(line, separator) : -1;
            lineStart = lineEnd + 1;
            if (column < 0)
            {
                continue;
            }

            // The rows below, up to a blank line.
            while (lineStart < text.Length)
            {
                lineEnd = text.IndexOf('\n', lineStart);
                if (lineEnd < 0)
                {
                    lineEnd = text.Length;
                }

                var row = text.AsSpan(lineStart, lineEnd - lineStart);
                if (row.IsWhiteSpace() || !row.Contains(separator))
                {
                    break;
                }

                var index = 0;
                foreach (var range in row.Split(separator))
                {
                    if (index++ == column)
                    {
                        var (fieldStart, fieldLength) = range.GetOffsetAndLength(row.Length);
                        var field = row.Slice(fieldStart, fieldLength);
                        var trimmedStart = fieldStart + (field.Length - field.TrimStart(" \"'").Length);
                        var value = row[trimmedStart..(fieldStart + fieldLength)].TrimEnd(" \"'\r");
                        if (value.Length >= 6 && IsWholeDate(value))
                        {
                            found.Add(new PiiMatch(PiiEntityType.DateOfBirth, lineStart + trimmedStart, value.Length, 0.85));
                        }

                        break;
                    }
                }

                lineStart = lineEnd + 1;
            }
        }
    }

    private static int BirthColumn(ReadOnlySpan<char> header, char separator)
    {
        var index = 0;
        foreach (var range in header.Split(separator))
        {
            var field = header[range].Trim(" \"'\r*_");
            if (field.Length > 0 && field.Length <= 24 && (Cues.Contains(field) || field.Contains("birth", StringComparison.OrdinalIgnoreCase)
                || field.Equals("d.o.b", StringComparison.OrdinalIgnoreCase) || field.Equals("d.o.b.", StringComparison.OrdinalIgnoreCase)))
            {
                return index;
            }

            index++;
        }

        return -1;
    }

    private static bool IsWholeDate(ReadOnlySpan<char> value)
    {
        foreach (var m in Patterns.NumericDate().EnumerateMatches(value))
        {
            return m.Index == 0 && m.Length == value.Length;
        }

        foreach (var m in Patterns.WordDate().EnumerateMatches(value))
        {
            return m.Index == 0 && m.Length == value.Length;
        }

        return false;
    }

    private static void Find(string text, int start, int end, List<PiiMatch> found)
    {
        for (var m = Patterns.NumericDate().Match(text, start, end - start); m.Success; m = m.NextMatch())
        {
            var iso = m.Groups["y"].Success;
            var day = int.Parse(iso ? m.Groups["d"].ValueSpan : m.Groups["d1"].ValueSpan, CultureInfo.InvariantCulture);
            var month = int.Parse(iso ? m.Groups["m"].ValueSpan : m.Groups["m1"].ValueSpan, CultureInfo.InvariantCulture);
            // Day and month may be either way round in d/m/y vs m/d/y.
            if (day is < 1 or > 31 || month < 1 || (month > 12 && (iso || day > 12 || month > 31)))
            {
                continue;
            }

            AddIfCued(text, found, m.Index, m.Length);
        }

        foreach (var m in Patterns.RomanceDate().EnumerateMatches(text.AsSpan(start, end - start)))
        {
            AddIfCued(text, found, start + m.Index, m.Length);
        }

        foreach (var m in Patterns.WordDate().EnumerateMatches(text.AsSpan(start, end - start)))
        {
            AddIfCued(text, found, start + m.Index, m.Length);
        }

        if (text.AsSpan(start, end - start).ContainsAny('年', '년'))
        {
            foreach (var m in Patterns.CjkDate().EnumerateMatches(text.AsSpan(start, end - start)))
            {
                AddIfCued(text, found, start + m.Index, m.Length);
            }
        }
    }

    /// <summary>Headings that name several birth dates (and "dates of birth"): the dates listed after their colon are birth dates.</summary>
    private static readonly WordSet ListCues = WordSet.Of("birthdays", "birthdates", "dobs", "births", "geburtstage", "geburtsdaten", "anniversaires", "cumpleaños");

    /// <summary>Whether the date is an item of a list on one line whose heading, before a colon, names birth dates.</summary>
    private static bool InBirthDateList(string text, int start)
    {
        var colon = -1;
        for (var i = start - 1; i >= 0 && start - i < 300 && text[i] != '\n'; i--)
        {
            if (text[i] == ':')
            {
                colon = i;
                break;
            }
        }

        if (colon < 0)
        {
            return false;
        }

        // "Birthdays …:", "Dates of birth …:" (read backwards: "birth" comes before "dates").
        var birth = false;
        for (var i = colon - 1; i >= 0 && colon - i < 160 && text[i] != '\n';)
        {
            while (i >= 0 && !char.IsLetter(text[i]) && text[i] != '\n')
            {
                i--;
            }

            var wordEnd = i + 1;
            while (i >= 0 && char.IsLetter(text[i]))
            {
                i--;
            }

            var word = text.AsSpan(i + 1, wordEnd - i - 1);
            if (wordEnd > i + 1 && (ListCues.Contains(word) || (birth && word.Equals("dates", StringComparison.OrdinalIgnoreCase))))
            {
                return true;
            }

            birth |= word.Equals("birth", StringComparison.OrdinalIgnoreCase);

            if (i >= 0 && text[i] is '.' or '!' or '?' && i + 1 < text.Length && text[i + 1] == ' ')
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Words naming an event whose date follows them (a visit, an admission, a signature).</summary>
    private static readonly WordSet EventWords = WordSet.Of(
        "seen", "visited", "visit", "admitted", "discharged", "examined", "treated", "appointment", "signed", "issued", "expires", "expiry", "scheduled");

    private static void AddIfCued(string text, List<PiiMatch> found, int start, int length)
    {
        // "d.o.b." and "D.O.B" are split into letters by the word scanner: look for them as written.
        var before = text.AsSpan(Math.Max(0, start - 24), Math.Min(start, 24));
        var cued = (Context.Near(text, start, start + length, Cues, 6, 2) && !YearBetweenCueAndDate(text, start)) || before.Contains("d.o.b", StringComparison.OrdinalIgnoreCase)
            || InBirthDateList(text, start) || CueEarlierInSentence(text, start);

        // "Seen 12/02/2024 for follow-up": a word naming an event right before the date makes it that event's date, whatever
        // birth cue stands nearby.
        cued &= !Context.Near(text, start, start + length, EventWords, 1, 0);
        found.Add(new PiiMatch(PiiEntityType.DateOfBirth, start, length, cued ? 0.85 : 0.1));
    }

    /// <summary>
    /// "born in 1990 and joined on 2015-06-01": a year between the cue word before the date and the date means the cue
    /// speaks of that year, not of this date.
    /// </summary>
    /// <summary>
    /// "the courier needs your DOB for customs (they wrote it as Mar 14 1986, …)": a birth cue further back in the same
    /// sentence (up to sixteen words) names the first date after it, when no other number stands between them.
    /// </summary>
    internal static bool CueEarlierInSentence(string text, int start)
    {
        var i = start;
        for (var n = 0; n < 16 && i > 0; n++)
        {
            while (i > 0 && !char.IsLetterOrDigit(text[i - 1]))
            {
                if (text[i - 1] is '\n' or '.' or '!' or '?' or ';' or ':')
                {
                    return false;
                }

                i--;
            }

            var wordEnd = i;
            while (i > 0 && char.IsLetterOrDigit(text[i - 1]))
            {
                i--;
            }

            var word = text.AsSpan(i, wordEnd - i);
            if (word.Length == 0 || word.ContainsAnyInRange('0', '9'))
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

    private static bool YearBetweenCueAndDate(string text, int start)
    {
        var i = start;
        for (var n = 0; n < 6 && i > 0; n++)
        {
            while (i > 0 && !char.IsLetterOrDigit(text[i - 1]))
            {
                i--;
            }

            var wordEnd = i;
            while (i > 0 && char.IsLetterOrDigit(text[i - 1]))
            {
                i--;
            }

            var word = text.AsSpan(i, wordEnd - i);
            if (word.Length == 0 || Cues.Contains(word))
            {
                return false;
            }

            if (word.Length == 4 && (word.StartsWith("19", StringComparison.Ordinal) || word.StartsWith("20", StringComparison.Ordinal)) && word.IndexOfAnyExceptInRange('0', '9') < 0)
            {
                return true;
            }
        }

        return false;
    }
}
