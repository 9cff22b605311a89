namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// Person names: runs of capitalised words scored by the name lists (a known given name followed by
/// a known or capitalised surname), titles (Mr, Dr, Frau, Mme) and cue words (name, dear, patient,
/// signed). A name needs no cue word when the lists recognise it.
/// </summary>
internal sealed class NameRecognizer(Gazetteer names) : IPiiRecognizer
{
    private const int MaxTokens = 4;

    private readonly StructuredNames _structured = new(names);

    /// <summary>Greetings written before the name they address: "Hola Camilo", "Merhaba Emre Bey".</summary>
    private static readonly WordSet Greetings = WordSet.Of(
        "hi", "hello", "hey", "hallo", "hola", "estimado", "estimada", "querido", "querida", "bonjour", "salut", "cher", "chère", "ciao", "caro",
        "cara", "liebe", "lieber", "beste", "moin", "servus", "merhaba", "szia", "ahoj", "hej", "hei", "olá", "oi", "cześć", "witam", "dear", "shalom",
        "szanowna", "szanowny", "szanowni", "vážený", "vážená", "geachte", "kedves", "kære", "kära", "käre", "hyvä", "grüezi", "hoi", "sali",
        "tag", "morgen", "abend", "días", "dias", "dia", "tardes", "giorno", "buongiorno", "buonasera", "bonsoir", "goedemorgen", "goedemiddag",
        "stimate", "stimată", "stimata");

    /// <summary>Honorifics written after a name: "Emre Bey", "Tanaka san".</summary>
    private static readonly WordSet HonorificsAfter = WordSet.Of("bey", "hanım", "hanim", "efendi", "san", "sama", "kun", "sensei", "ji", "sahib", "saheb", "ssi", "nim");

    private static readonly WordSet Titles = WordSet.Of(
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lady", "lord", "herr", "frau", "fräulein", "m", "mme", "mlle",
        "monsieur", "madame", "señor", "señora", "sr", "sra", "srta", "dott", "dottor", "dottoressa", "sig", "signor", "signora", "dhr", "mevr",
        "rev", "fr", "herrn", "capt", "captain", "sgt", "officer", "judge", "senator", "shri", "smt", "sri", "pani", "pan", "panie", "pane", "paní",
        "heer", "mevrouw", "bapak", "ibu", "sayın", "kyrie", "kyria", "encik", "puan", "cik", "kuya", "khun", "mag", "domnule", "domnul", "doamnă",
        "doamna");

    private static readonly WordSet StrongCues = WordSet.Of(
        "name", "named", "called", "dear", "patient", "signed", "sincerely", "regards", "attn", "heiße", "heisse", "appelle", "llamo", "chiamo",
        "heet", "chama", "applicant", "tenant", "employee", "cardholder", "beneficiary", "passenger", "guest", "candidate", "hi", "hello", "hey", "hallo", "liebe", "lieber", "bonjour", "salut", "cher", "chère", "hola", "estimado", "estimada",
        "querido", "querida", "ciao", "caro", "cara", "beste", "moin", "servus", "grüße", "thanks", "cheers", "love", "welcome", "congratulations", "congrats",
        "merhaba", "szia", "ahoj", "hej", "hei", "olá", "cześć", "witam", "üdv", "saludos", "cordialement", "pozdrawiam", "groeten", "saygılarımla",
        "shalom", "grüezi", "szanowna", "szanowny", "vážený", "vážená", "geachte", "kedves", "kære", "kära", "käre", "salam", "atenciosamente", "cumprimentos",
        "abraços", "hilsen", "hälsningar", "mvh", "pozdrowienia", "pozdravem", "üdvözlettel", "cordiali", "saluti", "atentamente", "groet",
        "grüsse", "grüssen", "gruss", "gruß", "trọng", "abrazo", "abrazos", "besos", "beijos", "abraço", "baci", "bisous", "bises");

    private static readonly WordSet Cues = WordSet.Of(
        "name", "named", "called", "dear", "hi", "hello", "hey", "contact", "patient", "customer", "client", "employee", "applicant", "tenant",
        "candidate", "user", "signed", "regards", "sincerely", "cheers", "thanks", "by", "from", "attn", "cc", "manager", "colleague", "met",
        "spoke", "told", "emailed", "wife", "husband", "son", "daughter", "mother", "father", "friend", "agent", "doctor", "nurse", "author",
        "owner", "holder", "cardholder", "recipient", "sender", "beneficiary", "guest", "passenger", "student", "teacher", "ask", "meet", "with",
        "am", "i'm", "heiße", "heisse", "appelle", "llamo", "chiamo", "heet", "chama", "said", "says", "wrote", "asked", "replied", "mr", "mrs", "ms",
        "dr", "herr", "frau", "madame", "monsieur", "boss", "lawyer", "landlord", "ceo", "cto", "founder", "director", "partner", "assigned", "approved");

    private static readonly WordSet CuesAfter = WordSet.Of(
        "said", "says", "wrote", "writes", "asked", "replied", "told", "emailed", "confirmed", "approved", "signed", "joined", "left",
        "reported", "mentioned", "thinks", "agreed", "called", "sagte", "schrieb", "dit", "hat");

    /// <summary>Verbs and prepositions that take a person right after them: "ask Oisín Byrne", "meeting with …".</summary>
    private static readonly WordSet PersonBefore = WordSet.Of(
        "ask", "asked", "tell", "told", "meet", "met", "meeting", "with", "contact", "contacted", "cc", "email", "emailed", "thank", "invite",
        "invited", "congratulate", "ping", "call", "called", "phone", "remind", "introduce", "hired", "interviewed", "by");

    /// <summary>Roles and relations written right before a person's name: "our accountant Rohan Deshpande".</summary>
    private static readonly WordSet RoleBefore = WordSet.Of(
        "accountant", "engineer", "developer", "designer", "consultant", "lawyer", "attorney", "solicitor", "advisor", "adviser", "analyst",
        "architect", "assistant", "auditor", "colleague", "coworker", "co-worker", "supervisor", "manager", "intern", "contractor", "recruiter",
        "representative", "rep", "secretary", "therapist", "dentist", "physician", "surgeon", "pharmacist", "nurse", "doctor", "paralegal",
        "notary", "broker", "agent", "realtor", "tutor", "coach", "mentor", "trainer", "neighbour", "neighbor", "cousin", "uncle", "aunt",
        "grandmother", "grandfather", "grandma", "grandpa", "nephew", "niece", "brother", "sister", "son", "daughter", "wife", "husband",
        "fiancé", "fiancée", "fiance", "fiancee", "boyfriend", "girlfriend", "roommate", "flatmate", "landlord", "landlady", "tenant", "client",
        "customer", "patient", "employee", "candidate", "applicant", "student", "teacher", "professor", "boss", "ceo", "cfo", "coo", "cto",
        "founder", "cofounder", "co-founder", "chairman", "chairwoman", "president", "director", "vp", "owner", "driver", "courier",
        "technician", "plumber", "electrician", "bookkeeper", "cashier", "clerk", "inspector", "editor", "author", "writer", "journalist",
        "reporter", "photographer", "translator", "interpreter", "chef", "caretaker", "nanny", "babysitter", "pastor", "priest", "rabbi", "imam",
        "witness", "suspect", "defendant", "plaintiff", "claimant", "policyholder", "volunteer", "speaker", "interviewer", "interviewee",
        "mother", "father", "mom", "mum", "dad", "friend", "partner", "kollege", "kollegin", "kunde", "kundin", "mitarbeiter", "mitarbeiterin",
        "collègue", "cliente", "colega", "collega", "hired", "hire", "signatory", "guarantor", "cardholder", "holder", "buyer", "seller");

    /// <summary>Capitalised words that make the next one part of a place or institution (Lake Victoria, New York).</summary>
    private static readonly WordSet PlaceBefore = WordSet.Of(
        "lake", "mount", "mt", "river", "saint", "st", "new", "north", "south", "east", "west", "port", "fort", "cape", "bay", "gulf",
        "queen", "king", "prince", "princess", "royal", "university", "college", "hotel", "hospital", "park", "santa", "san", "los", "las", "el", "le", "la");

    /// <summary>Capitalised words that make the run before them a place, institution or eponym (Elizabeth Line, Jordan Peterson Avenue).</summary>
    private static readonly WordSet PlaceAfter = WordSet.Of(
        "sdn", "bhd", "sarl", "sas", "srl", "spa", "bv", "nv", "ag", "kg", "oy", "ab", "aps", "kft", "zrt", "sro", "pty", "pte", "plc", "lda", "ltda", "estates",
        "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "drive", "way", "square", "bridge", "line", "station",
        "park", "memorial", "hospital", "clinic", "university", "college", "school", "academy", "institute", "foundation", "center", "centre",
        "airport", "library", "prize", "award", "trust", "fund", "museum", "gallery", "hall", "building", "tower", "stadium", "arena", "theatre",
        "theater", "house", "law", "act", "syndrome", "disease", "effect", "principle", "theorem", "method", "algorithm", "test", "scale", "index",
        "group", "holdings", "partners", "associates", "inc", "ltd", "llc", "gmbh", "corp", "company", "co", "bank", "capital", "ventures",
        "labs", "studio", "studios", "records", "press", "media", "hotel", "resort", "church", "cathedral", "chapel", "mosque", "temple",
        "county", "city", "valley", "river", "lake", "island", "islands", "mountains", "falls", "beach", "bay", "strasse", "straße", "platz");

    /// <summary>Verbs that only a person is the subject of, right after the name.</summary>
    private static readonly WordSet HumanVerbsAfter = WordSet.Of(
        "said", "says", "wrote", "writes", "asked", "asks", "replied", "told", "emailed", "texted", "thinks", "thought", "agreed", "mentioned",
        "apologised", "apologized", "complained", "explained", "promised", "suggested", "recommended", "insisted", "admitted", "resigned",
        "retired", "married", "phoned", "prefers", "likes", "feels", "felt", "hopes", "believes", "knows", "lives", "lived", "studies",
        "studied", "smiled", "laughed", "cried", "sighed", "wonders", "wondered", "decided", "refused", "forgot", "remembered");

    /// <summary>What a person has: the noun after "Name's".</summary>
    private static readonly WordSet PersonalNouns = WordSet.Of(
        "wife", "husband", "son", "daughter", "mother", "father", "mom", "mum", "dad", "brother", "sister", "partner", "children", "kids",
        "family", "parents", "phone", "number", "email", "address", "account", "invoice", "order", "salary", "birthday", "passport", "contract",
        "manager", "boss", "assistant", "desk", "car", "flight", "appointment", "visa", "application", "resume", "cv", "record", "records",
        "diagnosis", "payment", "refund", "claim", "details", "profile", "signature", "password", "bank", "card", "mortgage", "lease", "rent",
        "policy", "medical", "health", "insurance", "leave", "request", "complaint", "feedback", "review", "performance", "thesis", "paper", "book");

    /// <summary>Nouns that make the name before them an eponym, in any case: "Mann Whitney test", "Kaplan Meier estimator".</summary>
    private static readonly WordSet EponymAfter = WordSet.Of(
        "test", "tests", "estimator", "method", "theorem", "effect", "syndrome", "disease", "equation", "distribution", "algorithm",
        "principle", "law", "reaction", "transform", "index", "score", "scale", "curve", "constant", "conjecture", "inequality", "lemma",
        "criterion", "coefficient", "correction", "regression", "optimizer", "initialization", "initialisation", "filter", "process", "prize",
        "room", "rooms", "wing", "lounge", "auditorium", "lecture", "fellowship", "scholarship");

    /// <summary>Word endings that mark a common noun or adjective, never a name: Initialization, Management, Scalable.</summary>
    private static readonly string[] NonNameEndings = ["tion", "tions", "sion", "sions", "ment", "ness", "ity", "izer", "iser", "ization", "isation", "ship", "able", "ible", "ology", "ics", "ware", "less", "ful", "ism"];

    private static readonly WordSet Particles = WordSet.Of(
        "van", "von", "der", "den", "de", "da", "di", "del", "della", "la", "le", "du", "dos", "das", "bin", "binti", "ibn", "al", "el", "ben", "ter", "ten", "y", "zu", "mac");

    public void Find(string text, List<PiiMatch> found)
    {
        var first = found.Count;
        Scan(text, found);
        Coordinate(text, found, first);
        _structured.Find(text, found);
        SecondMentions(text, found, first);
    }

    /// <summary>
    /// "Park Ji-hoon ... Park to chase", "Siobhán Kavanagh ... Siobhán prefers": a word of a name found
    /// in the same text names the person again wherever it stands alone and capitalised.
    /// </summary>
    private void SecondMentions(string text, List<PiiMatch> found, int first)
    {
        var count = found.Count;
        for (var k = first; k < count; k++)
        {
            var m = found[k];
            if (m.Score < 0.5 || m.Type != PiiEntityType.Person)
            {
                continue;
            }

            var i = m.Start;
            var end = m.Start + m.Length;
            while (i < end)
            {
                var word = ReadWord(text, i);
                if (word.End == word.Start)
                {
                    i++;
                    continue;
                }

                var span = text.AsSpan(word.Start, word.End - word.Start);
                if (span.Length >= 3 && char.IsUpper(span[0]) && !IsAllCaps(text, word) && !names.CommonWords.Contains(span) && !Particles.Contains(span))
                {
                    AddMentions(text, found, span, first, count);
                }

                i = word.End;
            }
        }
    }

    /// <summary>"Brenner Metallbau", "Moriarty &amp; Quinn", "Lim &amp; Tan": a name word inside a firm's name.</summary>
    private static bool CompanyAround(string text, int start, int end) =>
        (end + 2 < text.Length && text[end] == ' ' && (char.IsUpper(text[end + 1]) || text[end + 1] == '&'))
        || (start >= 2 && text[start - 1] == ' ' && text[start - 2] == '&')
        || PreviousCapitalised(text, start) >= 0;

    private static void AddMentions(string text, List<PiiMatch> found, ReadOnlySpan<char> word, int first, int count)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text.AsSpan(from).IndexOf(word, StringComparison.Ordinal);
            if (at < 0)
            {
                return;
            }

            var start = from + at;
            var end = start + word.Length;
            from = end;
            if (CompanyAround(text, start, end)
                || (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '@' or '.' or '_' or '-' or '/'))
                || (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '@' or '_' or '-' or '/' || (text[end] == '.' && end + 1 < text.Length && char.IsLetter(text[end + 1])))))
            {
                continue;
            }

            var covered = false;
            for (var k = first; k < found.Count && !covered; k++)
            {
                var m = found[k];
                covered = m.Type == PiiEntityType.Person && m.Score >= 0.5 && m.Start < end && start < m.Start + m.Length && (k < count || m.Start == start);
            }

            if (!covered)
            {
                found.Add(new PiiMatch(PiiEntityType.Person, start, word.Length, 0.7));
            }
        }
    }

    /// <summary>
    /// "Efua Asante-Mensah and Kofi Boateng": two capitalised words the lists do not know, joined by
    /// "and" or a comma to a name they do know, are a name too.
    /// </summary>
    private void Coordinate(string text, List<PiiMatch> found, int first)
    {
        for (var k = first; k < found.Count; k++)
        {
            var m = found[k];
            if (m.Score is < 0.1 or >= 0.5 || !IsUnknownPair(text, m.Start, m.Start + m.Length))
            {
                continue;
            }

            var before = k > first ? found[k - 1] : (PiiMatch?)null;
            var after = k + 1 < found.Count ? found[k + 1] : (PiiMatch?)null;
            if ((before is { } b && b.Score >= 0.6 && Joined(text, b.Start + b.Length, m.Start))
                || (after is { } a && a.Score >= 0.6 && Joined(text, m.Start + m.Length, a.Start)))
            {
                found[k] = m with { Score = 0.6 };
            }
        }
    }

    /// <summary>Two or three capitalised words, none a common word or with a common-noun ending.</summary>
    private bool IsUnknownPair(string text, int start, int end)
    {
        Span<(int Start, int End)> words = stackalloc (int, int)[3];
        var count = 0;
        var i = start;
        while (i < end)
        {
            var word = ReadWord(text, i);
            if (count == 3 || word.End == word.Start || !IsNameLike(text, word.Start, word.End))
            {
                return false;
            }

            words[count++] = word;
            i = word.End;
            while (i < end && text[i] == ' ')
            {
                i++;
            }
        }

        return count >= 2 && !HasNonNameWord(text, words[..count]) && !CapitalisedBefore(text, start, PlaceBefore) && !CapitalisedAfter(text, end, PlaceAfter);
    }

    private static bool Joined(string text, int end, int start)
    {
        if (start <= end || start - end > 5)
        {
            return false;
        }

        var gap = text.AsSpan(end, start - end);
        return gap is ", " or " and " or " & " or " und " or " et " or " y " or " e " or " or ";
    }

    private void Scan(string text, List<PiiMatch> found)
    {
        Span<(int Start, int End)> run = stackalloc (int, int)[MaxTokens + 3];
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsUpper(text[i]) || (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '_' or '@' or '.' or '-'
                || (text[i - 1] == '/' && !SlashSignature(text, i)) || (text[i - 1] is '\'' or '’' && i > 1 && char.IsLetter(text[i - 2])))))
            {
                if (char.IsLower(text[i]) && (i == 0 || text[i - 1] is ' ' or '\n' or '(' or ',' or '"' or '\''))
                {
                    // A lower-case word: skip it whole, checking it as the start of "john smith".
                    i = CasedName(text, ReadWord(text, i), found);
                    continue;
                }

                i++;
                continue;
            }

            var first = ReadWord(text, i);
            if (!IsNameLike(text, first.Start, first.End) && !StartsFamilyFirstName(text, first))
            {
                if (first.End - first.Start >= 3 && IsAllCaps(text, first))
                {
                    i = CasedName(text, first, found);
                    continue;
                }

                i = first.End;
                continue;
            }

            var count = 0;
            run[count++] = first;
            var pos = first.End;
            var significant = 1;
            var possessive = first.End - first.Start > 2 && text[first.End - 2] is '\'' or '’' && text[first.End - 1] == 's';
            while (!possessive && significant < MaxTokens && pos < text.Length)
            {
                var next = NextInRun(text, pos);
                if (next.Start < 0)
                {
                    break;
                }

                var word = ReadWord(text, next.Start);
                var span = text.AsSpan(word.Start, word.End - word.Start);
                if (Particles.Contains(span) && char.IsLower(span[0]))
                {
                    // Particles (van der, de la) continue the run only when a capitalised word follows them.
                    var afterParticles = word.End;
                    var particles = 1;
                    (int Start, int End) after;
                    while (true)
                    {
                        after = NextInRun(text, afterParticles);
                        if (after.Start < 0)
                        {
                            break;
                        }

                        var afterWord = ReadWord(text, after.Start);
                        if (particles < 3 && Particles.Contains(text.AsSpan(afterWord.Start, afterWord.End - afterWord.Start)) && char.IsLower(text[afterWord.Start]))
                        {
                            afterParticles = afterWord.End;
                            particles++;
                            continue;
                        }

                        after = afterWord;
                        break;
                    }

                    if (after.Start < 0 || !IsNameLike(text, after.Start, after.End) || count + particles + 1 > run.Length)
                    {
                        break;
                    }

                    run[count++] = after;
                    significant++;
                    pos = after.End;
                    continue;
                }

                if (!IsNameLike(text, word.Start, word.End) && !IsInitial(text, word) && !IsArabicArticleName(text, word)
                    && !(names.FamilyFirstSurnames.Contains(Strip(text, run[0])) && IsEastAsianGiven(text, word))
                    && !(IsAllCaps(text, word) && word.End - word.Start >= 3 && names.IsStrongSurname(text.AsSpan(word.Start, word.End - word.Start)) && IsGiven(Strip(text, run[count - 1]))))
                {
                    break;
                }

                run[count++] = word;
                significant++;
                pos = word.End;
                if (word.End - word.Start > 2 && text[word.End - 2] is '\'' or '’' && text[word.End - 1] == 's')
                {
                    // "Warren Buffett's Berkshire Hathaway": the possessive ends the name.
                    break;
                }
            }

            var consumed = Score(text, run[..count], found);
            i = consumed > 0 ? consumed : first.End;
        }
    }

    /// <summary>Scores the best name at the start of the run; returns where scanning should resume.</summary>
    private int Score(string text, ReadOnlySpan<(int Start, int End)> run, List<PiiMatch> found)
    {
        // A capitalised word the lists do not know in front of a known given name ("Patient Anna
        // Schmidt", "Kunde Jan Berg") is not part of the name.
        var strippedMidSentence = false;
        if (run.Length >= 2 && Greetings.Contains(Strip(text, run[0])))
        {
            // "Hola Camilo", "Estimado Renzo": the greeting is not part of the name.
            run = run[1..];
        }

        // Not after a sign-off or a greeting ("Cheers,\nBrodie McKenzie", "S pozdravem\nJan Dvořák"): there the first word opens the name.
        while (run.Length >= 2 && !IsKnown(Strip(text, run[0])) && IsGiven(Strip(text, run[1])) && !TitleBefore(text, run[0].Start)
            && !Context.Near(text, run[0].Start, run[0].End, StrongCues, 2, 0)
            && !(names.FamilyFirstSurnames.Contains(Strip(text, run[0])) && IsEastAsianGiven(text, run[1])))
        {
            // "Pink Floyd", "Golden Gate": a capitalised common word inside a sentence starts a title, not a name.
            strippedMidSentence |= names.CommonWords.Contains(Strip(text, run[0])) && !SentenceStart(text, run[0].Start);
            run = run[1..];
        }

        // A common word before two name-like words ("Can Ömer Faruk Aydın approve", "Invite Xiomara Castellanos") is not part of the name.
        if (run.Length >= 3 && names.CommonWords.Contains(Strip(text, run[0])) && !IsGiven(Strip(text, run[0])) && IsNameLike(text, run[1].Start, run[1].End))
        {
            run = run[1..];
        }

        // Organisations and places made of name-like words (Morgan Stanley, Hong Kong).
        var previous = PreviousCapitalised(text, run[0].Start);
        for (var k = Math.Min(run.Length, 3); k >= 1; k--)
        {
            if ((k >= 2 && names.NotNamePhrases.Contains(text.AsSpan(run[0].Start, run[k - 1].End - run[0].Start)))
                || (previous >= 0 && names.NotNamePhrases.Contains(text.AsSpan(previous, run[k - 1].End - previous))))
            {
                return run[k - 1].End;
            }
        }

        var start = run[0].Start;
        var titled = TitleBefore(text, start);
        var firstWord = Strip(text, run[0]);
        var given = IsGiven(firstWord);
        var ambiguous = !given && names.AmbiguousGivenNames.Contains(firstWord);
        var surnameFirst = names.Surnames.Contains(firstWord);
        var n = run.Length;
        // Trim trailing initials.
        while (n > 1 && IsInitial(text, run[n - 1]))
        {
            n--;
        }

        if (n >= 2 && HonorificsAfter.Contains(Strip(text, run[n - 1])))
        {
            // "Emre Bey": the honorific marks a person but is not part of the name.
            n--;
            titled = true;
        }

        double score;
        var familyFirst = n >= 2 && names.FamilyFirstSurnames.Contains(firstWord) && IsEastAsianGiven(text, run[1]) && FamilyFirstPlausible(text, firstWord, run[1]);
        if (familyFirst)
        {
            // Zhang Wei, Park Ji-hoon, Nguyen Van An: the family name, then given names of the same culture.
            var k = 2;
            while (k < n && IsEastAsianGiven(text, run[k]))
            {
                k++;
            }

            n = k;
        }

        if (n >= 2)
        {
            var last = Strip(text, run[n - 1]);
            var secondWord = Strip(text, run[1]);
            var lastKnown = names.Surnames.Contains(last) || IsGiven(last);
            if (titled)
            {
                score = 0.9;
            }
            else if (familyFirst)
            {
                score = 0.75;
            }
            else if (given)
            {
                score = lastKnown ? 0.85 : HasNonNameWord(text, run[1..n]) ? 0.2 : 0.7;
            }
            else if (names.EastAsianGivenNames.Contains(firstWord) && names.FamilyFirstSurnames.Contains(last) && !names.CommonWords.Contains(firstWord))
            {
                // Given name first in the Western order: Xin Zhao, Jun Kim.
                score = 0.75;
            }
            else if (ambiguous)
            {
                score = names.IsStrongSurname(last) ? 0.75 : names.Surnames.Contains(last) ? 0.45 : 0.3;
            }
            else if (surnameFirst && IsGiven(secondWord))
            {
                score = 0.75;
            }
            else if ((names.IsStrongSurname(last) || IsGiven(last)) && !surnameFirst && !names.CommonWords.Contains(firstWord) && n <= 3)
            {
                // An unknown capitalised word before a known surname (or a given name used as one, Linus
                // Benedict): a given name the lists lack.
                score = 0.6;
            }
            else if (names.Surnames.Contains(last))
            {
                score = 0.45;
            }
            else
            {
                score = 0.15;
            }

            if (!titled && score < 0.7 && n <= 3 && RoleBeforeInProse(text, start) && !names.CommonWords.Contains(firstWord))
            {
                score = 0.7;
            }

            if (!titled && score < 0.5 && !HasNonNameWord(text, run[..n]) && Context.Near(text, start, run[n - 1].End, StrongCues, 3, 0))
            {
                score = Math.Max(score, 0.75);
            }
            else if (!titled && score < 0.5 && n <= 3 && !HasNonNameWord(text, run[..n]) && (Context.Near(text, start, run[n - 1].End, PersonBefore, 1, 0) || AskedFor(text, start)))
            {
                score = Math.Max(score, 0.55);
            }
        }
        else
        {
            // A lone given name the lists know well counts; a lone surname or word needs a cue.
            score = titled ? 0.85 : given && !strippedMidSentence ? 0.5 : given || ambiguous ? 0.2 : surnameFirst ? 0.2 : 0.05;
            if (!titled && (given || ambiguous || !HasNonNameWord(text, run[..1])) && (CueBeforeLone(text, start) || SignsOff(text, start, run[0].End, firstWord)))
            {
                // "Dear Tamsin," "Hi Oisín": a greeting or "name is" before one capitalised word.
                score = Math.Max(score, 0.75);
            }
            else if (!titled && score < 0.6 && !names.CommonWords.Contains(firstWord) && (RoleBeforeInProse(text, start)
                || (ambiguous && Context.Near(text, start, run[0].End, CuesAfter, 0, 3))))
            {
                // "our accountant Rohan", "Bob from finance said".
                score = 0.6;
            }

            var inverted = InvertedName(text, run[0], firstWord, given, ambiguous);
            if (inverted > 0)
            {
                // "Hartmann, Benedikt": a surname, a comma, a given name.
                found.Add(new PiiMatch(PiiEntityType.Person, start, inverted - start, 0.7));
                return inverted;
            }
        }

        var placeOrEponym = !titled && (CapitalisedBefore(text, start, PlaceBefore) || CapitalisedAfter(text, run[n - 1].End, PlaceAfter)
            || WordAfter(text, run[n - 1].End, EponymAfter) || (n >= 2 && PlaceAfter.Contains(Strip(text, run[n - 1]))));
        if (placeOrEponym)
        {
            score -= 0.4;
        }

        var end = run[n - 1].End;
        // A possessive ’s is not part of the name.
        if (end - 2 > start && text[end - 2] is '\'' or '’' && text[end - 1] == 's')
        {
            end -= 2;
        }

        // Two or three unknown words followed by what only a person does or has: "Rashida Tlaib said",
        // "Benedikt Hartmann's invoice".
        if (!titled && n >= 2 && n <= 3 && score < 0.5 && score >= 0.1 && !HasNonNameWord(text, run[..n])
            && (WordAfter(text, end, HumanVerbsAfter) || PossessiveOfPerson(text, end, run[n - 1].End)))
        {
            score = 0.6;
        }

        // Weak cues (from, with, said) only help a run the name lists half recognise: they follow
        // places and companies as often as people.
        if (!titled && n >= 2 && score >= 0.3 && !placeOrEponym)
        {
            score = Context.Near(text, start, end, Cues, 3, 0) || Context.Near(text, start, end, CuesAfter, 0, 1) ? Math.Min(1, score + Context.Boost) : score;
        }
        found.Add(new PiiMatch(PiiEntityType.Person, start, end - start, score));
        return run[n - 1].End;
    }

    /// <summary>A slash opening a line before a capitalised word: a Nordic sign-off ("/Karin Holm"), not a path.</summary>
    private static bool SlashSignature(string text, int start) =>
        start >= 1 && text[start - 1] == '/' && (start == 1 || text[start - 2] == '\n');

    /// <summary>
    /// A lone word that signs a message off: after a dash ("– Marnie", "— Jordan, Billing Support") or alone on the last
    /// line after a blank one ("…today.\n\nBeatrix"), at the end of the text or before a comma and a team. Not a common
    /// word or a known non-name ("– Thanks", "\n\nRegards").
    /// </summary>
    private bool SignsOff(string text, int start, int end, ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || names.CommonWords.Contains(word) || names.NotNames.Contains(word) || StrongCues.Contains(word) || Greetings.Contains(word))
        {
            return false;
        }

        // After the word: the end of the text, or a comma and a few capitalised words ("Billing Support").
        var after = text.AsSpan(end).TrimEnd();
        if (!after.IsEmpty && !(after[0] == ',' && after.Length < 40 && !after.Contains('\n') && !after.ContainsAnyInRange('0', '9')))
        {
            return false;
        }

        // Before it: a dash after a line break or a sentence end, or a line of its own after a blank line.
        var before = text.AsSpan(0, start).TrimEnd(' ');
        if (before.Length >= 1 && before[^1] is '–' or '—' or '-')
        {
            var lead = before[..^1].TrimEnd(' ');
            return lead.IsEmpty || lead[^1] is '\n' or '.' or '!' or '?';
        }

        return before.EndsWith("\n\n", StringComparison.Ordinal) || before.EndsWith("\r\n\r\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// A strong cue within two words before a lone word, with no capitalised word between: "Dear Tamsin",
    /// "my name is Tamsin", "Regards,\nTamsin"; not "Hi Rosalind,\n\nSorry", where the greeting already has its name.
    /// </summary>
    private static bool CueBeforeLone(string text, int start)
    {
        var i = start;
        for (var n = 0; n < 2 && i > 0; n++)
        {
            if (!Context.PreviousWord(text, ref i, 0, out var word))
            {
                return false;
            }

            if (StrongCues.Contains(word))
            {
                // Across a line only a sign-off reaches the name: "Regards,\nTamsin", not "Patient registration\nName".
                return n == 0 || !text.AsSpan(i, start - i).Contains('\n');
            }

            if (char.IsUpper(word[0]))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The end of "Surname, Given" when the run's lone word is a surname followed by a comma and a given name; else 0.</summary>
    private int InvertedName(string text, (int Start, int End) surname, ReadOnlySpan<char> word, bool given, bool ambiguous)
    {
        var pos = surname.End;
        // "Abrazo, Gabriela", "Saludos, Inés": a sign-off and the name that signs, not a surname and a given name.
        if (given || ambiguous || pos + 3 >= text.Length || text[pos] != ',' || text[pos + 1] != ' ' || !char.IsUpper(text[pos + 2])
            || StrongCues.Contains(word) || Greetings.Contains(word))
        {
            return 0;
        }

        var next = ReadWord(text, pos + 2);
        if (!IsNameLike(text, next.Start, next.End))
        {
            return 0;
        }

        var nextWord = Strip(text, next);
        var givenAfter = IsGiven(nextWord);

        var end = next.End;
        // A second given name or an initial: "Benali, Fatima Zahra", "Smith, John A."
        if (end + 2 < text.Length && text[end] == ' ' && char.IsUpper(text[end + 1]))
        {
            var more = ReadWord(text, end + 1);
            if (IsGiven(Strip(text, more)))
            {
                end = more.End;
            }
        }

        // "Signed, Laura Khalil": a name after the comma that goes on is not the given half of an inverted name.
        if (end + 2 < text.Length && text[end] == ' ' && char.IsUpper(text[end + 1]) && IsNameLike(text, end + 1, ReadWord(text, end + 1).End))
        {
            return 0;
        }

        if (givenAfter && names.IsStrongSurname(word))
        {
            return end;
        }

        // Otherwise it needs the shape of a list entry ("Name, Given;" or a line of its own), and a
        // given name the lists know or one that is neither a word nor a place.
        var before = surname.Start == 0 ? '\n' : text[surname.Start - 1] == ' ' && surname.Start >= 2 ? text[surname.Start - 2] : text[surname.Start - 1];
        var after = end >= text.Length ? '\n' : text[end];
        var listShape = before is '\n' or ';' or ':' or '-' or '•' or '*' && after is '\n' or '\r' or ';' or '(' or '.' or ',';
        var plausibleGiven = givenAfter || (!names.CommonWords.Contains(nextWord) && !names.NotNames.Contains(nextWord)
            && (!names.AmbiguousGivenNames.Contains(nextWord) || names.EastAsianGivenNames.Contains(nextWord)));
        return listShape && plausibleGiven && !names.CommonWords.Contains(word) ? end : 0;
    }

    /// <summary>All-capitals or lower-case names ("JOHN SMITH", "john smith"): both parts must be strong entries of the lists.</summary>
    private int CasedName(string text, (int Start, int End) first, List<PiiMatch> found)
    {
        var length = first.End - first.Start;
        if (length < 3 || length > 14 || first.End + 3 >= text.Length || text[first.End] != ' ' || !char.IsLetter(text[first.End + 1])
            || !names.GivenNames.MayContain(text.AsSpan(first.Start, length)))
        {
            return first.End;
        }

        var upper = char.IsUpper(text[first.Start]);
        var second = ReadWord(text, first.End + 1);
        if (second.End - second.Start < 3 || (second.End < text.Length && char.IsLetterOrDigit(text[second.End]))
            || (upper ? !IsAllCaps(text, second) : !IsAllLower(text, second)) || (!upper && !IsAllLower(text, first)))
        {
            return first.End;
        }

        var given = text.AsSpan(first.Start, length);
        var surname = text.AsSpan(second.Start, second.End - second.Start);
        if ((!upper && length < 4) || !names.GivenNames.Contains(given) || names.CommonWords.Contains(given) || names.GivenNames.Contains(surname))
        {
            return first.End;
        }

        // "NAME: PRIYANKA CHOUDHARY": in capitals after a field label, a known given name makes an unknown surname enough.
        if (!names.IsStrongSurname(surname)
            && !(upper && !names.CommonWords.Contains(surname) && !names.NotNames.Contains(surname) && Context.Near(text, first.Start, second.End, StrongCues, 2, 0)))
        {
            return first.End;
        }

        found.Add(new PiiMatch(PiiEntityType.Person, first.Start, second.End - first.Start, upper ? 0.75 : 0.65));
        return second.End;
    }

    /// <summary>A family name of a family-first culture (even one that is also a word: Park, Long) before a given name of that culture.</summary>
    private bool StartsFamilyFirstName(string text, (int Start, int End) word)
    {
        if (word.End - word.Start < 2 || !names.FamilyFirstSurnames.Contains(text.AsSpan(word.Start, word.End - word.Start)) || IsAllCaps(text, word))
        {
            return false;
        }

        var next = NextInRun(text, word.End);
        if (next.Start < 0)
        {
            return false;
        }

        var given = ReadWord(text, next.Start);
        return IsEastAsianGiven(text, given) && FamilyFirstPlausible(text, text.AsSpan(word.Start, word.End - word.Start), given);
    }

    /// <summary>
    /// A family name that is also a word or two letters long (Park, Song, Oh) needs a given name that
    /// is no word either and at least three letters long: "Oh Man" and "Lee Young" are not names.
    /// </summary>
    private bool FamilyFirstPlausible(string text, ReadOnlySpan<char> surname, (int Start, int End) given)
    {
        if (names.IsStrongSurname(surname) && surname.Length > 2)
        {
            return true;
        }

        var span = text.AsSpan(given.Start, given.End - given.Start);
        return span.Contains('-') || (span.Length >= 3 && !names.CommonWords.Contains(span));
    }

    /// <summary>True when a word of the run the lists do not know is a common word or has a common-noun ending.</summary>
    private bool HasNonNameWord(string text, ReadOnlySpan<(int Start, int End)> run)
    {
        foreach (var w in run)
        {
            var word = Strip(text, w);
            if (IsKnown(word))
            {
                continue;
            }

            if (names.CommonWords.Contains(word))
            {
                return true;
            }

            foreach (var ending in NonNameEndings)
            {
                if (word.Length > ending.Length + 2 && word.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"Name's invoice": a possessive at the end of the run followed by a personal noun (an adjective may come between).</summary>
    private static bool PossessiveOfPerson(string text, int end, int runEnd)
    {
        if (runEnd == end || runEnd - end != 2)
        {
            return false;
        }

        var i = runEnd;
        for (var n = 0; n < 2 && i + 1 < text.Length && text[i] == ' ' && char.IsLower(text[i + 1]); n++)
        {
            var start = ++i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            if (PersonalNouns.Contains(text.AsSpan(start, i - start)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool WordAfter(string text, int end, WordSet words)
    {
        if (end + 2 >= text.Length || text[end] != ' ' || !char.IsLetter(text[end + 1]))
        {
            return false;
        }

        var i = end + 1;
        while (i < text.Length && char.IsLetter(text[i]))
        {
            i++;
        }

        return words.Contains(text.AsSpan(end + 1, i - end - 1));
    }

    /// <summary>Verbs of asking for someone, before a preposition: "pregunta por", "chiedi di", "ask for", "fragen Sie nach".</summary>
    private static readonly WordSet AskVerbs = WordSet.Of(
        "ask", "asking", "pregunta", "pregunte", "preguntar", "preguntes", "pergunte", "perguntar", "pergunta", "chiedi", "chieda", "chiedere",
        "demandez", "demander", "demande", "fragen", "frag", "fragt", "sie", "vraag", "vragen", "zapytaj", "zapytać", "poproś", "spør", "fråga");

    /// <summary>Prepositions after a verb of asking that take the person asked for.</summary>
    private static readonly WordSet AskPrepositions = WordSet.Of("for", "por", "di", "nach", "naar", "pour", "o", "om", "etter", "efter", "after");

    /// <summary>Whether the two words before are a verb of asking and its preposition: "pregunta por Renzo Huamán".</summary>
    private static bool AskedFor(string text, int start)
    {
        var i = start;
        return Context.PreviousWord(text, ref i, Math.Max(0, start - 40), out var preposition) && i + preposition.Length + 1 == start
            && char.IsLower(preposition[0]) && AskPrepositions.Contains(preposition)
            && Context.PreviousWord(text, ref i, Math.Max(0, start - 40), out var verb) && AskVerbs.Contains(verb);
    }

    /// <summary>A lower-case role word right before the name ("our accountant Rohan"); a capitalised one is a heading.</summary>
    private static bool RoleBeforeInProse(string text, int start)
    {
        var end = start - 1;
        if (end < 1 || text[end] != ' ')
        {
            return false;
        }

        // "her supervisor, Glen Maddox,": the role and the name in apposition.
        if (text[end - 1] == ',')
        {
            end--;
        }

        var i = end;
        while (i > 0 && (char.IsLetter(text[i - 1]) || text[i - 1] == '-'))
        {
            i--;
        }

        return end > i && char.IsLower(text[i]) && RoleBefore.Contains(text.AsSpan(i, end - i));
    }

    /// <summary>The start of the capitalised word right before <paramref name="start"/> (one space between), or -1.</summary>
    private static int PreviousCapitalised(string text, int start)
    {
        var i = start - 1;
        if (i < 1 || text[i] != ' ')
        {
            return -1;
        }

        var end = i;
        while (i > 0 && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        return end > i && char.IsUpper(text[i]) ? i : -1;
    }

    private static bool CapitalisedAfter(string text, int end, WordSet words)
    {
        if (end + 2 >= text.Length || text[end] != ' ' || !char.IsUpper(text[end + 1]))
        {
            return false;
        }

        var i = end + 1;
        while (i < text.Length && char.IsLetter(text[i]))
        {
            i++;
        }

        return words.Contains(text.AsSpan(end + 1, i - end - 1));
    }

    /// <summary>A capitalised East Asian given name or syllable (Wei, Ji-hoon, Van); hyphenated ones by their parts.</summary>
    private bool IsEastAsianGiven(string text, (int Start, int End) word)
    {
        var span = text.AsSpan(word.Start, word.End - word.Start);
        if (span.Length < 2 || !char.IsUpper(span[0]) || IsAllCaps(text, word))
        {
            return false;
        }

        if (names.EastAsianGivenNames.Contains(span))
        {
            return true;
        }

        var hyphen = span.IndexOf('-');
        return hyphen > 0 && names.EastAsianGivenNames.Contains(span[..hyphen]) && names.EastAsianGivenNames.Contains(span[(hyphen + 1)..]);
    }

    /// <summary>True when only spaces, quotes or brackets stand between <paramref name="start"/> and the start of the text or a sentence end.</summary>
    private static bool SentenceStart(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && text[i] is ' ' or '"' or '\'' or '(' or '“' or '‘')
        {
            i--;
        }

        return i < 0 || text[i] is '.' or '!' or '?' or ':' or '\n' or ';';
    }

    /// <summary>"al-Hashimi", "el-Sayed": a lower-case article joined to a capitalised family name.</summary>
    private static bool IsArabicArticleName(string text, (int Start, int End) word) =>
        word.End - word.Start >= 5 && text[word.Start + 2] == '-' && text[word.Start] is 'a' or 'e' && text[word.Start + 1] == 'l' && char.IsUpper(text[word.Start + 3]);

    private static bool IsAllCaps(string text, (int Start, int End) word)
    {
        for (var k = word.Start; k < word.End; k++)
        {
            if (!char.IsUpper(text[k]) && text[k] is not ('-' or '\'' or '’'))
            {
                return false;
            }
        }

        return word.End > word.Start;
    }

    private static bool IsAllLower(string text, (int Start, int End) word)
    {
        for (var k = word.Start; k < word.End; k++)
        {
            if (!char.IsLower(text[k]))
            {
                return false;
            }
        }

        return word.End > word.Start;
    }

    private bool IsKnown(ReadOnlySpan<char> word) =>
        IsGiven(word) || names.AmbiguousGivenNames.Contains(word) || names.Surnames.Contains(word);

    private bool IsGiven(ReadOnlySpan<char> word)
    {
        if (names.GivenNames.Contains(word))
        {
            return true;
        }

        var hyphen = word.IndexOf('-');
        return hyphen > 0 && names.GivenNames.Contains(word[..hyphen]);
    }

    private static ReadOnlySpan<char> Strip(string text, (int Start, int End) word)
    {
        var span = text.AsSpan(word.Start, word.End - word.Start);
        return span.Length > 2 && span[^2] is '\'' or '’' && span[^1] == 's' ? span[..^2] : span;
    }

    private bool IsNameLike(string text, int start, int end)
    {
        var length = end - start;
        if (length < 2 || !char.IsUpper(text[start]))
        {
            return false;
        }

        var span = text.AsSpan(start, length);
        // All capitals (acronyms) and camel case (identifiers) are not names; Mc/Mac/O' prefixes are.
        var lower = 0;
        for (var k = 1; k < span.Length; k++)
        {
            if (char.IsLower(span[k]))
            {
                lower++;
            }
            else if (char.IsUpper(span[k]) && !(span[k - 1] is '\'' or '’' or '-' || (k == 2 && (span.StartsWith("Mc", StringComparison.Ordinal) || span[..2] is "De" or "Di" or "Le" or "La" or "Du")) || (k == 3 && span.StartsWith("Mac", StringComparison.Ordinal))))
            {
                return false;
            }
        }

        // I'm, I'd, L'équipe: a contraction, not a name (O'Brien and D'Souza are).
        if (span.Length > 2 && span[1] is '\'' or '’' && span[0] is not ('O' or 'D'))
        {
            return false;
        }

        var word = Strip(text, (start, end));
        return lower > 0 && !names.NotNames.Contains(word) && !Titles.Contains(word);
    }

    private static bool IsInitial(string text, (int Start, int End) word) =>
        word.End - word.Start == 1 && char.IsUpper(text[word.Start]) && word.End < text.Length && text[word.End] == '.';

    /// <summary>The start of the next word if only a single space (or an initial's ". ") separates it.</summary>
    private static (int Start, int End) NextInRun(string text, int pos)
    {
        if (pos < text.Length && text[pos] == '.' && pos >= 1 && pos + 1 < text.Length && text[pos + 1] == ' ' && (pos < 2 || !char.IsLetter(text[pos - 2])))
        {
            pos++;
        }

        return pos + 1 < text.Length && text[pos] == ' ' && char.IsLetter(text[pos + 1]) ? (pos + 1, 0) : (-1, -1);
    }

    private static (int Start, int End) ReadWord(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsLetter(text[end]) || (text[end] is '\'' or '’' or '-' && end + 1 < text.Length && char.IsLetter(text[end + 1]) && end > start)))
        {
            end++;
        }

        return (start, end);
    }

    private static bool CapitalisedBefore(string text, int start, WordSet words)
    {
        var i = start - 1;
        if (i < 1 || text[i] != ' ')
        {
            return false;
        }

        var end = i;
        while (i > 0 && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        return end > i && char.IsUpper(text[i]) && words.Contains(text.AsSpan(i, end - i));
    }

    private static bool TitleBefore(string text, int start)
    {
        var i = start - 1;
        if (i < 0 || text[i] != ' ')
        {
            return false;
        }

        i--;
        if (i >= 0 && text[i] == '.')
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && char.IsLetter(text[i]))
        {
            i--;
        }

        var word = text.AsSpan(i + 1, end - i - 1);
        if (word.Length == 0 || !Titles.Contains(word))
        {
            return false;
        }

        if (!char.IsUpper(word[0]))
        {
            // "Stimate domnule Vasilescu", "Geachte heer Jansen": a lower-case title counts after a greeting.
            var greetingAt = i + 1;
            return Context.PreviousWord(text, ref greetingAt, Math.Max(0, greetingAt - 30), out var greeting) && greetingAt + greeting.Length + 1 == i + 1
                && Greetings.Contains(greeting);
        }

        // "Chief Financial Officer Outlook": a title after a capitalised word inside a sentence is part of a heading or a job,
        // unless that word is a greeting ("Dear Dr Okafor"); a sentence may open with any word ("Remind Dr. Benedict").
        var before = i + 1;
        return !(before > 1 && text[before - 1] == ' ' && Context.PreviousWord(text, ref before, Math.Max(0, before - 30), out var previous)
            && before + previous.Length + 1 == i + 1 && char.IsUpper(previous[0]) && !SentenceStart(text, before) && !Greetings.Contains(previous) && !StrongCues.Contains(previous)
            && !Titles.Contains(previous));
    }
}
