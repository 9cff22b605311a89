using System.Buffers;
using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class SecretRecognizer : IPiiRecognizer
{
    private static readonly WordSet AwsCues = WordSet.Of("aws", "secret", "aws_secret_access_key", "secret_access_key", "secretaccesskey", "amazon");

    public void Find(string text, List<PiiMatch> found)
    {
        var first = found.Count;
        FindAll(text, found);
        TrimSentencePunctuation(text, found, first);
    }

    /// <summary>
    /// A sentence's full stop, comma or semicolon after a secret ("admin / Tr0pic@l-Mango-41. It expires") belongs to the
    /// sentence: a span never ends with one that is followed by whitespace or the end of the text.
    /// </summary>
    private static void TrimSentencePunctuation(string text, List<PiiMatch> found, int first)
    {
        for (var i = first; i < found.Count; i++)
        {
            var match = found[i];
            if (match.Type != PiiEntityType.Secret)
            {
                continue;
            }

            var end = match.Start + match.Length;
            if (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                continue;
            }

            while (end > match.Start + 1 && text[end - 1] is '.' or ',' or ';')
            {
                end--;
            }

            if (end != match.Start + match.Length)
            {
                found[i] = match with { Length = end - match.Start };
            }
        }
    }

    private static void FindAll(string text, List<PiiMatch> found)
    {
        var span = text.AsSpan();
        // Each vendor pattern runs only when its fixed prefix occurs: a vectorised search is far
        // cheaper than a regex scan of a prompt without keys.
        if (span.Contains("sk-", StringComparison.Ordinal))
        {
            Add(text, found, Patterns.AnthropicKey(), 0.95);
            Add(text, found, Patterns.OpenAiKey(), 0.9);
        }

        List<(int Start, int End)>? awsKeys = null;
        if (span.ContainsAny(AwsPrefixes))
        {
            foreach (var m in Patterns.AwsAccessKey().EnumerateMatches(text))
            {
                if (Placeholders.Is(text.AsSpan(m.Index, m.Length)))
                {
                    continue;
                }

                found.Add(new PiiMatch(PiiEntityType.Secret, m.Index, m.Length, 0.95));
                // The secret access key travels with its key id: look for it nearby even without a cue word.
                Windows.Add(awsKeys ??= [], text, m.Index - 200, m.Index + m.Length + 200);
            }
        }

        if (awsKeys is not null)
        {
            FindAwsSecrets(text, awsKeys, found, 0.8);
        }

        if (span.Contains("gh", StringComparison.Ordinal) || span.Contains("github_pat_", StringComparison.Ordinal))
        {
            Add(text, found, Patterns.GitHubToken(), 0.95);
        }

        if (span.Contains("xox", StringComparison.Ordinal))
        {
            Add(text, found, Patterns.SlackToken(), 0.95);
        }

        if (span.Contains("_live_", StringComparison.Ordinal) || span.Contains("_test_", StringComparison.Ordinal) || span.Contains("whsec_", StringComparison.Ordinal))
        {
            Add(text, found, Patterns.StripeKey(), 0.95);
        }

        if (span.Contains("AIza", StringComparison.Ordinal))
        {
            Add(text, found, Patterns.GoogleApiKey(), 0.95);
        }

        if (span.Contains("eyJ", StringComparison.Ordinal))
        {
            Add(text, found, Patterns.Jwt(), 0.9);
        }

        // Many vendors, one pattern: every such token is a run of at least 20 token characters with a separator
        // (_ - . :) near its start, or starts with one of a few prefixes without one, so the pattern runs only over
        // such runs (a search for the ~50 prefixes costs more than this scan; prose has few such runs).
        List<(int Start, int End)>? runs = null;
        for (var offset = 0; offset < text.Length;)
        {
            var index = text.AsSpan(offset).IndexOfAny(TokenSeparators);
            if (index < 0)
            {
                break;
            }

            offset = AddRun(text, offset + index, ref runs);
        }

        if (span.ContainsAny(UnseparatedPrefixes))
        {
            for (var offset = 0; offset < text.Length;)
            {
                var index = text.AsSpan(offset).IndexOfAny(UnseparatedPrefixes);
                if (index < 0)
                {
                    break;
                }

                offset = AddRun(text, offset + index, ref runs);
            }
        }

        if (runs is not null)
        {
            var matches = new List<(int Index, int Length)>();
            Windows.Matches(text, Patterns.OtherVendorToken(), runs, matches);
            foreach (var (index, length) in matches)
            {
                if (!Placeholders.Is(text.AsSpan(index, length)))
                {
                    found.Add(new PiiMatch(PiiEntityType.Secret, index, length, 0.9));
                }
            }
        }

        FindTwilio(text, found);

        if (span.ContainsAny(WebhookHosts))
        {
            // A webhook's secret is its path: the whole URL is a URL with credentials, like one with a token in its query.
            foreach (var m in Patterns.WebhookUrl().EnumerateMatches(text))
            {
                if (!Placeholders.Is(text.AsSpan(m.Index, m.Length)))
                {
                    found.Add(new PiiMatch(PiiEntityType.UrlWithCredentials, m.Index, m.Length, 0.95));
                }
            }
        }

        if (span.ContainsAny(AuthorizationWords))
        {
            FindAuthorization(text, found);
        }

        if (span.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            // Key bodies hold long runs of one character ("AAAA…"): no placeholder check.
            foreach (var m in Patterns.PrivateKey().EnumerateMatches(text))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, m.Index, m.Length, 1.0));
            }
        }

        if (span.ContainsAny(AnswerWords))
        {
            FindChatAnswer(text, found);
        }

        if (span.Contains("?\n", StringComparison.Ordinal))
        {
            FindAnswerLine(text, found);
        }

        var english = span.ContainsAny(SecretWords);
        var foreign = span.ContainsAny(ForeignSecretWords);
        if (english || foreign)
        {
            // Only around the telling words: the assignment pattern is slow to scan a whole prompt with.
            var windows = new List<(int Start, int End)>();
            var spoken = new List<(int Start, int End)>();
            for (var offset = 0; offset < text.Length;)
            {
                var index = english ? text.AsSpan(offset).IndexOfAny(SecretWords) : -1;
                var other = foreign ? text.AsSpan(offset).IndexOfAny(ForeignSecretWords) : -1;
                index = index < 0 ? other : other < 0 ? index : Math.Min(index, other);
                if (index < 0)
                {
                    break;
                }

                var position = offset + index;
                Windows.Add(windows, text, position - 40, position + 260);
                // "password Tr0ub4dor&3", "the API key is …": the value follows the word closely.
                Windows.Add(spoken, text, position - 12, position + 64);
                offset = position + 1;
            }

            FindAssigned(text, windows, found);
            foreach (var (start, end) in spoken)
            {
                FindSpoken(text, start, end, found);
            }

            FindNamed(text, spoken, found);
        }

        if (span.ContainsAny(DirectiveWords))
        {
            FindValue(text, Patterns.PasswordDirective(), found, 0.75);
        }

        if (span.ContainsAny(BasicWords))
        {
            FindBasic(text, found);

            // "http_basic ZGVw…", "auth 9f2c…": the names without a secret word, written without an operator.
            var named = new List<(int Start, int End)>();
            for (var offset = 0; offset < text.Length;)
            {
                var index = text.AsSpan(offset).IndexOfAny(BasicWords);
                if (index < 0)
                {
                    break;
                }

                var position = offset + index;
                Windows.Add(named, text, position - 12, position + 220);
                offset = position + 1;
            }

            FindNamed(text, named, found);
        }

        if (span.ContainsAny(LoginWords) && span.Contains('/'))
        {
            FindLoginPairs(text, found);
        }


    }

    private static readonly SearchValues<string> AwsPrefixes = SearchValues.Create(["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"], StringComparison.Ordinal);

    private static readonly SearchValues<char> TokenCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:+/=");

    private static readonly SearchValues<char> TokenSeparators = SearchValues.Create("_-.:");

    private static readonly SearchValues<string> UnseparatedPrefixes = SearchValues.Create(["dapi", "LTAI", "oy2", "ATATT3"], StringComparison.Ordinal);

    /// <summary>Adds the run of token characters around <paramref name="at"/> when it is long enough to be a token; returns where the run ends.</summary>
    private static int AddRun(string text, int at, ref List<(int Start, int End)>? runs)
    {
        var start = at;
        while (start > 0 && at - start < 40 && TokenCharacters.Contains(text[start - 1]))
        {
            start--;
        }

        var length = text.AsSpan(at).IndexOfAnyExcept(TokenCharacters);
        var end = length < 0 ? text.Length : at + length;
        if (end - start >= 20)
        {
            Windows.Add(runs ??= [], text, start, end);
        }

        return Math.Max(end, at + 1);
    }

    private static readonly SearchValues<string> WebhookHosts = SearchValues.Create(["hooks.slack.com", "/api/webhooks/", "webhook.office.com"], StringComparison.Ordinal);

    private static readonly SearchValues<string> AuthorizationWords = SearchValues.Create(["Bearer ", "Basic ", "oken "], StringComparison.Ordinal);

    /// <summary>
    /// Words that name a secret, in any of the assignment or spoken forms ("passcode", "mot de passe", "contraseña", "senha").
    /// ASCII only: one non-ASCII word takes the whole search off its vectorised path.
    /// </summary>
    private static readonly SearchValues<string> SecretWords = SearchValues.Create(["pass", "pw", "secret", "key", "token", "aws", "credential", "session", "contrase", "senha", "wifi", "wi-fi", "wlan"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "Password" in languages whose word shares nothing with the words above ("lösenord" by its ASCII tail, "wachtwoord",
    /// "heslo"): a second, small set, since a longer first set leaves its fast search path and slows every prompt.
    /// </summary>
    private static readonly SearchValues<string> ForeignSecretWords = SearchValues.Create(["enord", "wachtwoord", "heslo", "salasana", "kodeord", "adgangskode", "clave"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> AwsWords = SearchValues.Create(["aws", "secret"], StringComparison.OrdinalIgnoreCase);

    private static void FindAssigned(string text, List<(int Start, int End)> windows, List<PiiMatch> found)
    {
        if (text.AsSpan().ContainsAny(AwsWords))
        {
            FindAwsSecrets(text, windows, found, 0.3);
        }

        foreach (var (start, end) in windows)
        {
            FindAssigned(text, start, end, found);
        }
    }

    private static void FindAwsSecrets(string text, List<(int Start, int End)> windows, List<PiiMatch> found, double score)
    {
        var matches = new List<(int Index, int Length)>();
        Windows.Matches(text, Patterns.AwsSecretCandidate(), windows, matches);
        foreach (var m in matches)
        {
            var span = text.AsSpan(m.Index, m.Length);
            // Mixed case and a digit: rules out hex digests and plain words.
            if (span.ContainsAnyInRange('a', 'z') && span.ContainsAnyInRange('A', 'Z') && span.ContainsAnyInRange('0', '9') && !Placeholders.Is(span))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, m.Index, m.Length, Context.Score(text, m.Index, m.Index + m.Length, AwsCues, score, 6, 0)));
            }
        }
    }

    /// <summary>
    /// Twilio API keys: SK and 32 lower-case hex digits (a hand scan: "SK" is everywhere in capitals). An account SID
    /// (AC…) is an account identifier that Twilio prints in every URL and console page, not a credential.
    /// </summary>
    private static void FindTwilio(string text, List<PiiMatch> found)
    {
        for (var offset = 0; offset + 34 <= text.Length;)
        {
            var index = text.AsSpan(offset, text.Length - offset - 33).IndexOfAny(TwilioPrefixes);
            if (index < 0)
            {
                return;
            }

            var position = offset + index;
            offset = position + 1;
            if (text[position + 1] != 'K')
            {
                continue;
            }

            var body = text.AsSpan(position + 2, 32);
            if ((position > 0 && char.IsAsciiLetterOrDigit(text[position - 1])) || body.IndexOfAnyExcept(LowerHex) >= 0
                || (position + 34 < text.Length && char.IsAsciiLetterOrDigit(text[position + 34])) || Placeholders.Is(body))
            {
                continue;
            }

            found.Add(new PiiMatch(PiiEntityType.Secret, position, 34, 0.9));
        }
    }

    private static readonly SearchValues<char> TwilioPrefixes = SearchValues.Create("S");

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private static void FindAuthorization(string text, List<PiiMatch> found)
    {
        var windows = new List<(int Start, int End)>();
        for (var offset = 0; offset < text.Length;)
        {
            var index = text.AsSpan(offset).IndexOfAny(AuthorizationWords);
            if (index < 0)
            {
                break;
            }

            var position = offset + index;
            Windows.Add(windows, text, position - 2, position + 8);
            offset = position + 1;
        }

        var matches = new List<Match>();
        foreach (var (start, end) in windows)
        {
            for (var m = Patterns.AuthorizationValue().Match(text, start, end - start); m.Success; m = m.NextMatch())
            {
                matches.Add(m);
            }
        }

        foreach (var m in matches)
        {
            var value = m.Groups["value"];
            var span = value.ValueSpan;
            // A credential is long and mixes letters and digits; "Basic authentication" or "token expired" are words.
            if (span.Length >= 20 && span.ContainsAnyInRange('0', '9') && (span.ContainsAnyInRange('a', 'z') || span.ContainsAnyInRange('A', 'Z')) && !Placeholders.Is(span))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, 0.8));
            }
        }
    }

    private static void FindAssigned(string text, int start, int end, List<PiiMatch> found)
    {
        // Every assignment operator the pattern admits (: = => :=) holds ':' or '=', and a match lies inside the
        // window: without one the pattern cannot match, and a vectorised search is far cheaper than its scan.
        if (text.AsSpan(start, end - start).IndexOfAny(':', '=') < 0)
        {
            return;
        }

        for (var m = Patterns.AssignedSecret().Match(text, start, end - start); m.Success; m = m.NextMatch())
        {
            var value = m.Groups["value"];
            // "Passcode: 441882." ends a sentence: its full stop is not part of the value.
            var span = value.ValueSpan.TrimEnd('.');
            // Placeholders and references are not secrets.
            if (Placeholders.IsReference(span) || Placeholders.Is(span))
            {
                continue;
            }

            // "PrivateKey_file = /etc/wireguard/wg0.key": a setting that names where a secret is kept holds a file path, not the secret.
            if (IsFilePath(span))
            {
                continue;
            }

            // "Meeting ID: 842 1193 6620 Passcode: 551903": a meeting's digits-only passcode only admits to a call whose ID is
            // published beside it; the conventions do not count it as a secret.
            if (span.IndexOfAnyExceptInRange('0', '9') < 0 && m.Groups["name"].ValueSpan.Contains("passcode", StringComparison.OrdinalIgnoreCase)
                && text.AsSpan().ContainsAny(MeetingWords))
            {
                continue;
            }

            double score;
            if (IsPasswordName(m.Groups["name"].ValueSpan))
            {
                // Six characters are enough for a password or a passcode ("884213").
                // People pick passwords: any value that is not a placeholder counts.
                score = span.ContainsAnyInRange('0', '9') || span.ContainsAny("!@#$%^&*_-+") ? 0.7 : 0.55;
            }
            else if (IsKeyOfAService(m.Groups["name"].ValueSpan))
            {
                // "routing_key" also names a message broker's routing key ("orders.created.v2"): only a long run of letters
                // and digits is PagerDuty's or another service's integration key.
                score = span.Length >= 20 && span.IndexOfAnyExcept(AlphaNumeric) < 0 && Placeholders.LooksRandom(span) ? 0.7 : 0.3;
            }
            else
            {
                // Keys and tokens are machine-made: a lower-case word or identifier ("refresh_token", "bearer") is a setting, not a secret.
                score = span.Length >= 8 && Placeholders.LooksRandom(span) ? 0.7 : 0.3;
            }

            found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, score));
        }
    }

    private static readonly SearchValues<char> AlphaNumeric = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    /// <summary>Names of a service's integration key that other software uses for other things: routing_key, service_key, integration_key.</summary>
    private static bool IsKeyOfAService(ReadOnlySpan<char> name) =>
        name.StartsWith("routing", StringComparison.OrdinalIgnoreCase) || name.StartsWith("integration", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("service", StringComparison.OrdinalIgnoreCase);

    private static void FindSpoken(string text, int start, int end, List<PiiMatch> found)
    {
        for (var m = Patterns.SpokenPassword().Match(text, start, end - start); m.Success; m = m.NextMatch())
        {
            var value = m.Groups["value"];
            var span = value.ValueSpan.TrimEnd('.');
            if (Placeholders.IsReference(span) || Placeholders.Is(span))
            {
                continue;
            }

            // "password Tr0ub4dor&3": letters, digits and a symbol; "password policy" is not a secret.
            var network = IsNetworkName(m.Groups["kw"].ValueSpan);
            var password = IsPasswordName(m.Groups["kw"].ValueSpan) || m.Groups["kw"].ValueSpan.StartsWith("mot", StringComparison.OrdinalIgnoreCase)
                || m.Groups["kw"].ValueSpan.StartsWith("contr", StringComparison.OrdinalIgnoreCase) || m.Groups["kw"].ValueSpan.StartsWith("senha", StringComparison.OrdinalIgnoreCase);
            var letters = span.ContainsAnyInRange('a', 'z') || span.ContainsAnyInRange('A', 'Z');
            var secret = network
                ? letters && span.ContainsAnyInRange('0', '9') && !IsFilePath(span)
                : password
                ? letters && (span.ContainsAnyInRange('0', '9') || (span.ContainsAnyInRange('A', 'Z') && span.ContainsAny("!@#$%^&*_-+?")))
                : LooksLikeCredential(span);
            if (secret)
            {
                // A password named outright outweighs a name-like word ("password Wisla#Brzeg42").
                found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, span.Length, password ? 0.8 : network ? 0.7 : 0.6));
            }
        }
    }

    /// <summary>
    /// A credential written after a strongly secret-named key and whitespace, without <c>=</c> or <c>:</c>:
    /// <c>api_key 4c340b67…, api_secret HyVZJ20f…</c>. The value must look machine-made or like a strong password (sixteen
    /// characters or more, letters with digits, long hex or mixed classes); "the api key rotation is due" is prose.
    /// </summary>
    private static void FindNamed(string text, List<(int Start, int End)> windows, List<PiiMatch> found)
    {
        foreach (var (start, end) in windows)
        {
            // The pattern needs a run of sixteen value characters after a blank: skip windows that cannot hold one cheaply.
            if (end - start < 20)
            {
                continue;
            }

            for (var m = Patterns.NamedSecret().Match(text, start, end - start); m.Success; m = m.NextMatch())
            {
                var value = m.Groups["value"];
                var span = value.ValueSpan.TrimEnd(".,;:!?");
                if (LooksLikeCredential(span))
                {
                    found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, span.Length, 0.75));
                }
            }
        }
    }

    /// <summary>Whether a value after a secret name is a credential: long, letters with digits, and random-looking (hex, base64 or mixed classes); not a URL, address, path or reference.</summary>
    internal static bool LooksLikeCredential(ReadOnlySpan<char> span)
    {
        if (span.Length < 16 || span.Contains("://", StringComparison.Ordinal) || span[0] is '/' or '.' or '~' or '$' or '%' or '{' or '<'
            || Placeholders.IsReference(span) || Placeholders.Is(span))
        {
            return false;
        }

        var letters = 0;
        var digits = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiLetter(c))
            {
                letters++;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        // Dates and times ("2024-01-15T10:00:00Z"), version strings and numbers have few letters; words have no digits.
        if (letters < 4 || digits < 2)
        {
            return false;
        }

        // An address (user@example.com) is not a credential; a password with an '@' has no dotted domain after it.
        var at = span.IndexOf('@');
        if (at > 0 && span[(at + 1)..].Contains('.') && span.IndexOfAnyExcept(EmailCharacters) < 0)
        {
            return false;
        }

        var hex = span.IndexOfAnyExcept(HexDigits) < 0;
        return (hex && span.Length >= 32) || Placeholders.LooksRandom(span);
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly SearchValues<char> EmailCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-@");

    /// <summary>Words of a meeting invitation.</summary>
    private static readonly SearchValues<string> MeetingWords = SearchValues.Create(["meeting", "zoom", "webex", "webinar", "dial-in", "dial in", "one tap"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Answers that give a value asked for just before ("what's the wifi pw?" … "it's Orchid-Ferry-2291!", "c'est …").</summary>
    private static readonly SearchValues<string> AnswerWords = SearchValues.Create(["it's ", "it’s ", "it is ", "its ", "c'est ", "c’est "], StringComparison.OrdinalIgnoreCase);

    /// <summary>Words that ask for or name a password in chat, as whole words.</summary>
    private static readonly WordSet ChatPasswordWords = WordSet.Of(
        "password", "passwords", "pw", "pwd", "passcode", "passphrase", "pass", "passwort", "wifi", "wlan", "passe", "contraseña", "senha", "lösenord", "passord",
        "wachtwoord", "hasło", "heslo", "salasana", "kodeord", "adgangskode");

    /// <summary>
    /// A password given in chat as the answer to a question naming it: "can someone give me the wifi pw? … it's
    /// Orchid-Ferry-2291!". The value must look like a password (eight characters or more, letters with digits or symbols)
    /// and a password word must stand within the few lines before the answer.
    /// </summary>
    private static void FindChatAnswer(string text, List<PiiMatch> found)
    {
        for (var offset = 0; offset < text.Length;)
        {
            var index = text.AsSpan(offset).IndexOfAny(AnswerWords);
            if (index < 0)
            {
                return;
            }

            var position = offset + index;
            var valueStart = text.IndexOf(' ', position) + 1;
            offset = valueStart;
            if (position > 0 && char.IsLetter(text[position - 1]))
            {
                continue;
            }

            var valueEnd = valueStart;
            while (valueEnd < text.Length && !char.IsWhiteSpace(text[valueEnd]))
            {
                valueEnd++;
            }

            // A sentence's closing full stop or comma is not part of the password; its own symbols are.
            while (valueEnd > valueStart && text[valueEnd - 1] is '.' or ',' or ';' or ')' or '"')
            {
                valueEnd--;
            }

            var value = text.AsSpan(valueStart, valueEnd - valueStart);
            var letters = value.ContainsAnyInRange('a', 'z') || value.ContainsAnyInRange('A', 'Z');
            var classes = (value.ContainsAnyInRange('a', 'z') ? 1 : 0) + (value.ContainsAnyInRange('A', 'Z') ? 1 : 0)
                + (value.ContainsAnyInRange('0', '9') ? 1 : 0) + (value.ContainsAny("!@#$%^&*_-+?=~") ? 1 : 0);
            if (value.Length < 8 || !letters || classes < 3 || !char.IsLetter(value[0]) || Placeholders.IsReference(value) || Placeholders.Is(value)
                || !Context.Near(text, position, position, ChatPasswordWords, 24, 0))
            {
                continue;
            }

            found.Add(new PiiMatch(PiiEntityType.Secret, valueStart, valueEnd - valueStart, 0.7));
        }
    }

    /// <summary>
    /// A password given as the whole answer on the chat line after a question naming it: "[16:20] Dimitris: prod db
    /// password?" then "[16:21] Hannah: vX9#tQ2!mLp7Rw, same user as staging". The answer's first word must look like a
    /// password (as for <see cref="FindChatAnswer"/>).
    /// </summary>
    private static void FindAnswerLine(string text, List<PiiMatch> found)
    {
        for (var q = text.IndexOf("?\n", StringComparison.Ordinal); q >= 0; q = text.IndexOf("?\n", q + 2, StringComparison.Ordinal))
        {
            var lineStart = text.LastIndexOf('\n', Math.Max(0, q - 1)) + 1;
            // "le mot de passe du compte VPN partagé ?": the password word may stand a few words before the question mark.
            if (!Context.Near(text, q, q, ChatPasswordWords, 6, 0, lineStart))
            {
                continue;
            }

            // The next line, after its speaker prefix ("[16:21] Hannah: ", "hannah: ").
            var i = q + 2;
            var lineEnd = text.IndexOf('\n', i);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            var speaker = text.AsSpan(i, lineEnd - i).IndexOf(": ", StringComparison.Ordinal);
            if (speaker < 0 || speaker > 40)
            {
                continue;
            }

            var valueStart = SkipYes(text, i + speaker + 2, lineEnd);
            var valueEnd = valueStart;
            while (valueEnd < lineEnd && !char.IsWhiteSpace(text[valueEnd]))
            {
                valueEnd++;
            }

            while (valueEnd > valueStart && text[valueEnd - 1] is '.' or ',' or ';' or ')' or '"')
            {
                valueEnd--;
            }

            var value = text.AsSpan(valueStart, valueEnd - valueStart);
            var classes = (value.ContainsAnyInRange('a', 'z') ? 1 : 0) + (value.ContainsAnyInRange('A', 'Z') ? 1 : 0)
                + (value.ContainsAnyInRange('0', '9') ? 1 : 0) + (value.ContainsAny("!@#$%^&*_-+?=~") ? 1 : 0);
            if (value.Length >= 8 && classes >= 3 && char.IsLetter(value[0]) && !Placeholders.IsReference(value) && !Placeholders.Is(value))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, valueStart, value.Length, 0.7));
            }
        }
    }

    /// <summary>Words that say yes before the answer itself ("oui : Tramontane!4418", "yes, vX9#…").</summary>
    private static readonly WordSet YesWords = WordSet.Of("yes", "yeah", "yep", "sure", "ok", "oui", "ja", "sí", "si", "sim", "tak", "jo", "da");

    /// <summary>Where the answer starts after a leading yes-word and its colon or comma, if the line opens with one.</summary>
    private static int SkipYes(string text, int start, int lineEnd)
    {
        var i = start;
        while (i < lineEnd && char.IsLetter(text[i]))
        {
            i++;
        }

        if (i == start || !YesWords.Contains(text.AsSpan(start, i - start)))
        {
            return start;
        }

        var j = i;
        while (j < lineEnd && text[j] is ' ' or ':' or ',' or '!')
        {
            j++;
        }

        return j > i && j < lineEnd ? j : start;
    }

    /// <summary>Configuration directives that take a password as a plain argument (redis, sentinel): <c>requirepass …</c>, <c>sentinel auth-pass &lt;master&gt; …</c>.</summary>
    private static readonly SearchValues<string> DirectiveWords = SearchValues.Create(["requirepass", "masterauth", "auth-pass", "masterpass"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> BasicWords = SearchValues.Create(["basic", "auth"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Words that introduce a user and password written as a pair: "log in with admin / S3cret!", "creds: deploy/Xy8…", "wants a password … admin / Juniper!Fox82".</summary>
    private static readonly SearchValues<string> LoginWords = SearchValues.Create(["log in", "login", "log on", "logon", "sign in", "signin", "creds", "credential", "user", "password"], StringComparison.OrdinalIgnoreCase);

    private static void FindValue(string text, Regex pattern, List<PiiMatch> found, double score)
    {
        for (var m = pattern.Match(text); m.Success; m = m.NextMatch())
        {
            var value = m.Groups["value"];
            if (!Placeholders.IsReference(value.ValueSpan) && !Placeholders.Is(value.ValueSpan))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, score));
            }
        }
    }

    /// <summary>An HTTP Basic credential assigned in a configuration (<c>basic = dXNlcjpwYXNz</c>): base64 of <c>user:password</c>, checked by decoding it.</summary>
    private static void FindBasic(string text, List<PiiMatch> found)
    {
        Span<byte> decoded = stackalloc byte[192];
        for (var m = Patterns.BasicCredential().Match(text); m.Success; m = m.NextMatch())
        {
            var value = m.Groups["value"];
            if (value.Length > 256 || !Convert.TryFromBase64Chars(value.ValueSpan, decoded, out var written))
            {
                continue;
            }

            var bytes = decoded[..written];
            var colon = bytes.IndexOf((byte)':');
            if (colon > 0 && colon < written - 1 && bytes.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) < 0)
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, 0.85));
            }
        }
    }

    /// <summary>A user and password written as a pair after a login word: the password is the secret, the user name is not.</summary>
    private static void FindLoginPairs(string text, List<PiiMatch> found)
    {
        var windows = new List<(int Start, int End)>();
        for (var offset = 0; offset < text.Length;)
        {
            var index = text.AsSpan(offset).IndexOfAny(LoginWords);
            if (index < 0)
            {
                break;
            }

            Windows.Add(windows, text, offset + index, offset + index + 80);
            offset += index + 1;
        }

        foreach (var (start, end) in windows)
        {
            for (var m = Patterns.LoginPair().Match(text, start, end - start); m.Success; m = m.NextMatch())
            {
                var value = m.Groups["value"];
                var span = value.ValueSpan;
                // A password mixes cases, digits and symbols; "read/write", "TCP/IP", "docs/setup2024" and dates are not pairs of credentials.
                if (span.ContainsAnyInRange('0', '9') && ((span.ContainsAnyInRange('a', 'z') && span.ContainsAnyInRange('A', 'Z')) || (span.ContainsAnyExceptInRange('0', 'z') && span.IndexOfAnyExcept(NotSymbols) >= 0))
                    && !Placeholders.IsReference(span) && !Placeholders.Is(span))
                {
                    found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, 0.7));
                }
            }
        }
    }

    private static readonly SearchValues<char> NotSymbols = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._");

    private static bool IsPasswordName(ReadOnlySpan<char> name) =>
        name.Contains("pass", StringComparison.OrdinalIgnoreCase) || name.Contains("pwd", StringComparison.OrdinalIgnoreCase)
        || name.Equals("pw", StringComparison.OrdinalIgnoreCase) || ForeignPasswordNames.Contains(name);

    /// <summary>"Password" in languages whose word shares nothing with it (Swedish, Dutch, Polish, Czech, Finnish, Danish; Spanish "clave").</summary>
    private static readonly WordSet ForeignPasswordNames = WordSet.Of("lösenord", "wachtwoord", "hasło", "heslo", "salasana", "kodeord", "adgangskode", "clave");

    /// <summary>Words for a wireless network: the value after one is a password only when it holds a digit ("the wifi is mossgreen-lantern-44").</summary>
    private static bool IsNetworkName(ReadOnlySpan<char> name) =>
        name.StartsWith("wi", StringComparison.OrdinalIgnoreCase) || name.StartsWith("wlan", StringComparison.OrdinalIgnoreCase);

    /// <summary>An absolute, home or relative file path with at least two separators (<c>/etc/ssl/key.pem</c>, <c>./certs/a.key</c>, <c>C:\keys\a.pfx</c>).</summary>
    internal static bool IsFilePath(ReadOnlySpan<char> value)
    {
        // "file:/etc/wireguard/wg0.key": a file URI names a path too.
        if (value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = value[5..];
            var slashes = path.Length - path.TrimStart('/').Length;
            value = slashes > 0 ? path[(slashes - 1)..] : path;
        }

        var rooted = value.StartsWith('/') || value.StartsWith("~/", StringComparison.Ordinal) || value.StartsWith("./", StringComparison.Ordinal)
            || value.StartsWith("../", StringComparison.Ordinal) || (value.Length > 3 && char.IsAsciiLetter(value[0]) && value[1] == ':' && value[2] == '\\');
        return rooted && value.Count('/') + value.Count('\\') >= 2 && value.IndexOfAny("\"'`") < 0;
    }

    private static void Add(string text, List<PiiMatch> found, Regex pattern, double score)
    {
        foreach (var m in pattern.EnumerateMatches(text))
        {
            // A machine-made token of twenty random characters holds a digit; "xoxb-test-token" is a stand-in.
            if (!Placeholders.Is(text.AsSpan(m.Index, m.Length)) && text.AsSpan(m.Index, m.Length).ContainsAnyInRange('0', '9'))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, m.Index, m.Length, score));
            }
        }
    }
}
