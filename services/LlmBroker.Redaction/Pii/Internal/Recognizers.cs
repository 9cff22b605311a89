using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>Finds candidate values of one or more entity types and scores them (before thresholds).</summary>
internal interface IPiiRecognizer
{
    void Find(string text, List<PiiMatch> found);
}

/// <summary>Words that say a number is a reference of some kind, not personal data.</summary>
internal static class Decoys
{
    public static readonly WordSet Cues = WordSet.Of(
        "order", "orders", "invoice", "inv", "tracking", "track", "shipment", "parcel", "ref", "reference", "sku", "ticket",
        "build", "version", "ver", "release", "po", "part", "item", "isbn", "serial", "model", "case", "confirmation",
        "booking", "receipt", "transaction", "txn", "batch", "lot", "issue", "pr", "commit", "bestellung", "bestellnummer",
        "rechnung", "commande", "facture", "price", "total", "amount", "usd", "eur", "gbp", "qty", "quantity", "sha", "md", "hash",
        "uuid", "guid", "checksum", "firmware", "kb", "patch", "cve", "rfc", "iso");
}

internal sealed class EmailRecognizer : IPiiRecognizer
{
    public void Find(string text, List<PiiMatch> found)
    {
        if (!text.Contains('@'))
        {
            return;
        }

        foreach (var m in Patterns.Email().EnumerateMatches(text))
        {
            // A trailing dot belongs to the sentence.
            found.Add(new PiiMatch(PiiEntityType.Email, m.Index, m.Length, 0.9));
        }
    }
}

internal sealed class CreditCardRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of("card", "credit", "debit", "visa", "mastercard", "amex", "cc", "kreditkarte", "karte", "carte", "tarjeta", "pan", "payment", "cartão");

    public void Find(string text, List<PiiMatch> found)
    {
        Span<char> digits = stackalloc char[19];
        foreach (var m in Patterns.CardCandidate().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length);
            var n = 0;
            var separators = 0;
            foreach (var c in span)
            {
                if (char.IsAsciiDigit(c))
                {
                    if (n == digits.Length)
                    {
                        n = 0;
                        break;
                    }

                    digits[n++] = c;
                }
                else
                {
                    separators++;
                }
            }

            if (n < 13 || !Checksums.CardIssuer(digits[..n]) || !Checksums.Luhn(digits[..n]))
            {
                continue;
            }

            // Separators, if any, split the number into the printed groups (4-4-4-4, 4-6-5), not at random.
            if (separators > 0 && separators > 4)
            {
                continue;
            }

            var score = Context.Score(text, m.Index, m.Index + m.Length, Cues, 0.8);
            found.Add(new PiiMatch(PiiEntityType.CreditCard, m.Index, m.Length, score));
        }
    }
}

internal sealed class IbanRecognizer : IPiiRecognizer
{
    public void Find(string text, List<PiiMatch> found)
    {
        foreach (var m in Patterns.IbanCandidate().EnumerateMatches(text))
        {
            // The pattern may run into a following word in capitals: try the longest valid prefix that ends on a group.
            var span = text.AsSpan(m.Index, m.Length);
            for (var end = span.Length; end >= 15; end--)
            {
                if (end < span.Length && span[end] != ' ')
                {
                    continue;
                }

                var candidate = span[..end].TrimEnd(' ');
                if (Checksums.Iban(candidate))
                {
                    found.Add(new PiiMatch(PiiEntityType.Iban, m.Index, candidate.Length, 0.95));
                    break;
                }
            }
        }
    }
}

internal sealed class SsnRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of("ssn", "ssns", "social", "security", "ss#", "taxpayer", "tin", "itin", "ssa");

    public void Find(string text, List<PiiMatch> found)
    {
        foreach (Match m in Patterns.Ssn().Matches(text))
        {
            var area = int.Parse(m.Groups["a"].ValueSpan, CultureInfo.InvariantCulture);
            var group = int.Parse(m.Groups["g"].ValueSpan, CultureInfo.InvariantCulture);
            var serial = int.Parse(m.Groups["n"].ValueSpan, CultureInfo.InvariantCulture);
            if (!Checksums.Ssn(area, group, serial))
            {
                continue;
            }

            var separator = m.Groups["s"].ValueSpan;
            var score = separator is "-" ? 0.6 : separator is " " ? 0.45 : 0.2;
            var end = m.Index + m.Length;
            if (Context.Near(text, m.Index, end, Decoys.Cues, 3, 0))
            {
                score -= 0.4;
            }

            score = Context.Score(text, m.Index, end, Cues, score, 6, 1);
            found.Add(new PiiMatch(PiiEntityType.UsSsn, m.Index, m.Length, score));
        }
    }
}

internal sealed class IpAddressRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of("ip", "ipv4", "ipv6", "address", "host", "server", "client", "from", "connected", "login", "src", "dst", "source", "remote", "gateway");

    public void Find(string text, List<PiiMatch> found)
    {
        if (text.Contains('.'))
        {
            foreach (var m in Patterns.IPv4().EnumerateMatches(text))
            {
                var end = m.Index + m.Length;
                var score = Context.Near(text, m.Index, end, Decoys.Cues, 2, 0) ? 0.2 : 0.6;
                found.Add(new PiiMatch(PiiEntityType.IpAddress, m.Index, m.Length, Context.Score(text, m.Index, end, Cues, score)));
            }
        }

        if (text.Contains("::", StringComparison.Ordinal) || text.Contains(':'))
        {
            foreach (var m in Patterns.IPv6Candidate().EnumerateMatches(text))
            {
                var span = text.AsSpan(m.Index, m.Length);
                if (span.Length < 3 || !span.ContainsAnyInRange('0', '9') || (!span.Contains("::", StringComparison.Ordinal) && span.Count(':') < 7))
                {
                    continue;
                }

                if (!IPAddress.TryParse(span, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                {
                    continue;
                }

                found.Add(new PiiMatch(PiiEntityType.IpAddress, m.Index, m.Length, Context.Score(text, m.Index, m.Index + m.Length, Cues, 0.6)));
            }
        }
    }
}

internal sealed class UrlCredentialsRecognizer : IPiiRecognizer
{
    private static readonly WordSet SecretParams = WordSet.Of(
        "token", "access_token", "accesstoken", "id_token", "refresh_token", "auth", "auth_token", "authtoken", "key", "api_key", "apikey",
        "api-key", "sig", "signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature", "x-goog-credential",
        "secret", "client_secret", "password", "passwd", "pwd", "pass", "session", "sessionid", "session_id", "sid", "code", "jwt", "private_token",
        "sas", "sv", "hmac");

    public void Find(string text, List<PiiMatch> found)
    {
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var m in Patterns.Url().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length).TrimEnd(".,;:!?");
            if (HasCredentials(span))
            {
                found.Add(new PiiMatch(PiiEntityType.UrlWithCredentials, m.Index, span.Length, 0.95));
            }
        }
    }

    private static bool HasCredentials(ReadOnlySpan<char> url)
    {
        var afterScheme = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = url[afterScheme..];
        var authorityEnd = rest.IndexOfAny('/', '?', '#');
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var at = authority.LastIndexOf('@');
        // user:password@host, or a bare token as the user (https://ghp_…@github.com).
        if (at > 0 && (authority[..at].IndexOf(':') > 0 || (at >= 16 && authority[..at].ContainsAnyInRange('0', '9'))))
        {
            return true;
        }

        var query = url.IndexOfAny('?', '#');
        if (query < 0)
        {
            return false;
        }

        foreach (var range in url[(query + 1)..].SplitAny('&', ';', '#'))
        {
            var pair = url[(query + 1)..][range];
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair.Length - eq - 1 >= 6 && SecretParams.Contains(pair[..eq]))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class SecretRecognizer : IPiiRecognizer
{
    private static readonly WordSet AwsCues = WordSet.Of("aws", "secret", "aws_secret_access_key", "secret_access_key", "secretaccesskey", "amazon");

    public void Find(string text, List<PiiMatch> found)
    {
        Add(text, found, Patterns.AnthropicKey(), 0.95);
        Add(text, found, Patterns.OpenAiKey(), 0.9);
        Add(text, found, Patterns.AwsAccessKey(), 0.95);
        Add(text, found, Patterns.GitHubToken(), 0.95);
        Add(text, found, Patterns.SlackToken(), 0.95);
        Add(text, found, Patterns.StripeKey(), 0.95);
        Add(text, found, Patterns.GoogleApiKey(), 0.95);
        Add(text, found, Patterns.Jwt(), 0.9);
        Add(text, found, Patterns.OtherVendorToken(), 0.9);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            Add(text, found, Patterns.PrivateKey(), 1.0);
        }

        foreach (var m in Patterns.AwsSecretCandidate().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length);
            // Mixed case and a digit: rules out hex digests and plain words.
            if (span.ContainsAnyInRange('a', 'z') && span.ContainsAnyInRange('A', 'Z') && span.ContainsAnyInRange('0', '9'))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, m.Index, m.Length, Context.Score(text, m.Index, m.Index + m.Length, AwsCues, 0.3, 6, 0)));
            }
        }

        foreach (Match m in Patterns.SpokenPassword().Matches(text))
        {
            var value = m.Groups["value"];
            var span = value.ValueSpan;
            // "password Tr0ub4dor&3": letters, digits and a symbol; "password policy" is not a secret.
            if (span.ContainsAnyInRange('0', '9') && span.ContainsAnyInRange('a', 'z') && (span.ContainsAnyInRange('A', 'Z') || span.ContainsAny("!@#$%^&*_-+?")))
            {
                found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, 0.6));
            }
        }

        foreach (Match m in Patterns.AssignedSecret().Matches(text))
        {
            var value = m.Groups["value"];
            var span = value.ValueSpan;
            // Placeholders and references are not secrets.
            if (span.StartsWith("${", StringComparison.Ordinal) || span.StartsWith('<') || span.StartsWith('%') || span.StartsWith("process.env", StringComparison.Ordinal)
                || span.StartsWith("os.environ", StringComparison.Ordinal) || span.ContainsAny("()") || span.IndexOfAnyExcept("*xX.") < 0)
            {
                continue;
            }

            var score = span.ContainsAnyInRange('0', '9') || span.ContainsAny("!@#$%^&*_-+") ? 0.7 : 0.55;
            found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, score));
        }
    }

    private static void Add(string text, List<PiiMatch> found, Regex pattern, double score)
    {
        foreach (var m in pattern.EnumerateMatches(text))
        {
            found.Add(new PiiMatch(PiiEntityType.Secret, m.Index, m.Length, score));
        }
    }
}

internal sealed class DateOfBirthRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of(
        "birth", "born", "dob", "d.o.b", "birthday", "birthdate", "bday", "geboren", "geb", "geburtsdatum", "geburtstag", "né", "née", "nee",
        "naissance", "nacido", "nacida", "nacimiento", "nascita", "nato", "nata", "geboortedatum", "nascimento", "nasceu", "nascida", "nascido",
        "nací", "nació", "naci", "nacio", "geboren", "urodzony", "urodzona", "urodzenia");

    public void Find(string text, List<PiiMatch> found)
    {
        foreach (Match m in Patterns.NumericDate().Matches(text))
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

        foreach (var m in Patterns.RomanceDate().EnumerateMatches(text))
        {
            AddIfCued(text, found, m.Index, m.Length);
        }

        foreach (var m in Patterns.WordDate().EnumerateMatches(text))
        {
            AddIfCued(text, found, m.Index, m.Length);
        }
    }

    private static void AddIfCued(string text, List<PiiMatch> found, int start, int length)
    {
        var score = Context.Near(text, start, start + length, Cues, 6, 2) ? 0.85 : 0.1;
        found.Add(new PiiMatch(PiiEntityType.DateOfBirth, start, length, score));
    }
}

internal sealed class AddressRecognizer : IPiiRecognizer
{
    public void Find(string text, List<PiiMatch> found)
    {
        Add(text, found, Patterns.UsAddress());
        Add(text, found, Patterns.UkAddress());
        Add(text, found, Patterns.DeAddress());
        Add(text, found, Patterns.FrAddress());
        Add(text, found, Patterns.NlAddress());
    }

    private static void Add(string text, List<PiiMatch> found, Regex pattern)
    {
        foreach (var m in pattern.EnumerateMatches(text))
        {
            found.Add(new PiiMatch(PiiEntityType.Address, m.Index, m.Length, 0.9));
        }
    }
}
