using System.Buffers;
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
            if (IsServiceLogin(text, m.Index, m.Index + m.Length))
            {
                continue;
            }

            // A trailing dot belongs to the sentence.
            found.Add(new PiiMatch(PiiEntityType.Email, m.Index, m.Length, 0.9));
        }
    }

    /// <summary>Service logins in protocol forms, not mailboxes.</summary>
    private static readonly string[] ServiceUsers = ["git", "hg", "svn", "gitlab", "gitea", "aur", "ssh", "sftp", "scp"];

    /// <summary>
    /// A login at a host in a protocol form rather than a mailbox: an SSH/scp remote (<c>git@github.com:acme/app.git</c>,
    /// <c>deploy@build01.example.com:/srv/app</c>), the user part of an <c>ssh://</c> URL, or a well-known service account
    /// (<c>git@</c>, <c>hg@</c>). An <c>email:password</c> pair is still an email: the text after the colon holds no path.
    /// </summary>
    private static bool IsServiceLogin(string text, int start, int end)
    {
        var at = text.IndexOf('@', start, end - start);
        var user = text.AsSpan(start, at - start);
        foreach (var service in ServiceUsers)
        {
            if (user.Equals(service, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (start >= 3 && text.AsSpan(start - 3, 3).SequenceEqual("://") && start >= 6 && text.AsSpan(Math.Max(0, start - 12), Math.Min(12, start)).Contains("ssh", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (end + 1 < text.Length && text[end] == ':' && !char.IsWhiteSpace(text[end + 1]))
        {
            var tail = end + 1;
            while (tail < text.Length && !char.IsWhiteSpace(text[tail]) && text[tail] is not ',' and not ';' && tail - end < 200)
            {
                tail++;
            }

            var path = text.AsSpan(end + 1, tail - end - 1);
            return path.StartsWith('/') || path.StartsWith('~') || path.Contains(".git", StringComparison.Ordinal) || (path.Contains('/') && !path.Contains('@'));
        }

        return false;
    }
}

internal sealed class CreditCardRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of("card", "credit", "debit", "visa", "mastercard", "amex", "cc", "kreditkarte", "karte", "carte", "tarjeta", "pan", "payment", "cartão", "jcb", "diners", "discover", "maestro", "unionpay");

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

            // Issuers' ranges grow (JCB's 35xx, co-badged and private-label cards): a sixteen-digit number that passes Luhn,
            // starts like a payment card and is called a card is one, even outside the ranges we know.
            if (n < 13 || !Checksums.Luhn(digits[..n]) || !(Checksums.CardIssuer(digits[..n])
                || (n == 16 && digits[0] is >= '2' and <= '6' && Context.Near(text, m.Index, m.Index + m.Length, Cues, 3, 0))))
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
    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    private static readonly WordSet Cues = WordSet.Of("ssn", "ssns", "social", "security", "ss#", "taxpayer", "tin", "itin", "ssa");

    public void Find(string text, List<PiiMatch> found)
    {
        foreach (var m in Patterns.Ssn().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length);
            var separated = span.Length == 11;
            var area = Number(span[..3]);
            var group = Number(separated ? span.Slice(4, 2) : span.Slice(3, 2));
            var serial = Number(separated ? span.Slice(7, 4) : span.Slice(5, 4));
            if (!Checksums.Ssn(area, group, serial))
            {
                continue;
            }

            var score = !separated ? 0.2 : span[3] == '-' ? 0.6 : 0.45;
            var end = m.Index + m.Length;
            if (Context.Near(text, m.Index, end, Decoys.Cues, 3, 0))
            {
                score -= 0.4;
            }

            // "SSN", "social security" name the number outright: stronger than a phone cue such as "number".
            if (Context.Near(text, m.Index, end, Cues, 6, 1) || InNamedColumn(text, m.Index, end))
            {
                score = Math.Max(score + Context.Boost, 0.8);
            }

            found.Add(new PiiMatch(PiiEntityType.UsSsn, m.Index, m.Length, score));
        }
    }
    /// <summary>
    /// Whether the number is a whole field of a table (CSV, TSV, pipes) whose header row names that column an SSN
    /// (<c>name,dob,ssn</c>, <c>| Social Security No |</c>): however far below the header, in any of the three layouts.
    /// </summary>
    private static bool InNamedColumn(string text, int start, int end)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (lineStart == 0)
        {
            return false;
        }

        var lineEnd = text.IndexOf('\n', end);
        var row = text.AsSpan(lineStart, (lineEnd < 0 ? text.Length : lineEnd) - lineStart);
        var separator = row.Contains('\t') ? '\t' : row.Contains('|') ? '|' : row.Contains(';') ? ';' : ',';
        var column = -1;
        var index = 0;
        foreach (var range in row.Split(separator))
        {
            var (fieldStart, fieldLength) = range.GetOffsetAndLength(row.Length);
            var field = row.Slice(fieldStart, fieldLength);
            var offset = lineStart + fieldStart + (field.Length - field.TrimStart(" \"'").Length);
            if (offset == start && field.Trim(" \"'\r").Length == end - start)
            {
                column = index;
                break;
            }

            index++;
        }

        if (column < 0)
        {
            return false;
        }

        // The header: the first line of the block of rows holding the separator.
        var headerStart = lineStart;
        while (headerStart > 0)
        {
            var previousStart = text.LastIndexOf('\n', Math.Max(0, headerStart - 2)) + 1;
            var previous = text.AsSpan(previousStart, headerStart - 1 - previousStart);
            if (previous.IsWhiteSpace() || !previous.Contains(separator))
            {
                break;
            }

            headerStart = previousStart;
            if (previousStart == 0)
            {
                break;
            }
        }

        if (headerStart == lineStart)
        {
            return false;
        }

        var headerEnd = text.IndexOf('\n', headerStart);
        var header = text.AsSpan(headerStart, headerEnd - headerStart);
        index = 0;
        foreach (var range in header.Split(separator))
        {
            if (index++ == column)
            {
                var name = header[range].Trim(" \"'\r*_|");
                return Cues.Contains(name) || name.StartsWith("ssn", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("social", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }
}

internal sealed class IpAddressRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of(
        "ip", "ipv4", "ipv6", "address", "host", "server", "client", "from", "connected", "login", "src", "dst", "source", "remote", "gateway", "dns", "ping",
        "nameserver", "resolver", "ssh", "curl", "peer", "addr", "inet", "proxy", "endpoint", "node", "router");

    /// <summary>Words that say the dotted quad names something other than one machine (an OID, a section, a mask).</summary>
    /// <summary>Cue words that name an address outright ("from" or "node" only suggest one).</summary>
    private static readonly WordSet StrongCues = WordSet.Of(
        "ip", "ipv4", "address", "host", "server", "dns", "ping", "nameserver", "resolver", "ssh", "curl", "inet", "addr", "gateway", "proxy", "endpoint", "router");

    private static readonly WordSet NetworkWords = WordSet.Of("network", "networks", "subnet", "subnets", "lan", "vlan", "range", "block", "segment", "net");

    private static readonly WordSet NotAddressCues = WordSet.Of("oid", "section", "sections", "chapter", "clause", "para", "paragraph", "figure", "fig", "table", "step", "netmask", "mask", "subnet", "wildcard", "cidr", "range", "upgrade", "upgraded", "upgrading", "update", "updated", "downgrade", "downgraded", "installed", "install", "changelog");

    /// <summary>
    /// Whether a dotted quad names one machine: not the unspecified or broadcast address, not a netmask, not a network
    /// written as a CIDR range (10.0.0.0/16; a host with its prefix, 10.0.1.12/24, is still a host), not x.y.0.0, and not a
    /// product version inside a user agent (Chrome/120.0.0.0).
    /// </summary>
    private static bool IsHostV4(string text, int start, int end, ReadOnlySpan<int> octets)
    {
        // Loopback (127.0.0.0/8) names "this machine" on every host: it identifies no one.
        if (octets[0] is 0 or 127 or 255 || (octets[2] == 0 && octets[3] == 0))
        {
            return false;
        }

        if (start >= 2 && text[start - 1] == '/' && char.IsLetter(text[start - 2]))
        {
            return false;
        }

        if (PrefixLength(text, end, 32) is int prefix)
        {
            var value = ((uint)octets[0] << 24) | ((uint)octets[1] << 16) | ((uint)octets[2] << 8) | (uint)octets[3];
            var hostBits = prefix == 0 ? uint.MaxValue : prefix == 32 ? 0u : uint.MaxValue >> prefix;
            if (prefix < 32 && (value & hostBits) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a v6 address followed by /prefix is a network (all host bits zero): 2001:db8:4400::/40.</summary>
    private static bool IsNetworkPrefix(string text, int end, IPAddress address)
    {
        if (PrefixLength(text, end, 128) is not int prefix || prefix == 128)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        for (var bit = prefix; bit < 128; bit++)
        {
            if ((bytes[bit >> 3] & (0x80 >> (bit & 7))) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The prefix length of a CIDR suffix at <paramref name="at"/> ("/16"), if there is one.</summary>
    private static int? PrefixLength(string text, int at, int max)
    {
        if (at + 1 >= text.Length || text[at] != '/' || !char.IsAsciiDigit(text[at + 1]))
        {
            return null;
        }

        var value = 0;
        var i = at + 1;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && i - at <= 3)
        {
            value = (value * 10) + (text[i] - '0');
            i++;
        }

        return (i < text.Length && char.IsLetterOrDigit(text[i])) || value > max ? null : value;
    }

    public void Find(string text, List<PiiMatch> found)
    {
        var first = found.Count;
        List<string>? versions = null;
        if (text.Contains('.'))
        {
            Span<int> octets = stackalloc int[4];
            foreach (var m in Patterns.IPv4().EnumerateMatches(text))
            {
                var end = m.Index + m.Length;
                var n = 0;
                foreach (var range in text.AsSpan(m.Index, m.Length).Split('.'))
                {
                    octets[n++] = int.Parse(text.AsSpan(m.Index, m.Length)[range], CultureInfo.InvariantCulture);
                }

                // "the 192.168.1.0 network": an address ending in 0 named as a network is one.
                if (!IsHostV4(text, m.Index, end, octets) || (octets[3] == 0 && Context.Near(text, m.Index, end, NetworkWords, 2, 1)))
                {
                    continue;
                }

                // "section 4.2.1.3", "upgrade to 10.4.22.117": named as something else, whatever other cue words say; but
                // "netmask 255.255.255.0, router 192.168.1.1" names the mask, and an address cue right before this one wins.
                if (Context.Near(text, m.Index, end, NotAddressCues, 2, 0) && !Context.Near(text, m.Index, end, StrongCues, 1, 0))
                {
                    (versions ??= []).Add(text.Substring(m.Index, m.Length));
                    continue;
                }

                // 2.4.0.1, 3.0.0.12: a one-digit first part with a zero part reads as a version unless the text says it is an address.
                if (octets[0] < 10 && (octets[1] == 0 || octets[2] == 0 || octets[3] == 0) && !Context.Near(text, m.Index, end, StrongCues, 5, 2))
                {
                    continue;
                }

                var decoy = Context.Near(text, m.Index, end, Decoys.Cues, 2, 0);
                if (decoy)
                {
                    (versions ??= []).Add(text.Substring(m.Index, m.Length));
                }

                var score = decoy ? 0.2 : 0.6;

                // 1.2.3.4 and 4.1.2.1 are as often section or version numbers: one-digit parts need a cue word.
                if (octets[0] < 10 && octets[1] < 10 && octets[2] < 10 && octets[3] < 10)
                {
                    score = Math.Min(score, 0.3);
                }

                found.Add(new PiiMatch(PiiEntityType.IpAddress, m.Index, m.Length, Context.Score(text, m.Index, end, Cues, score)));
            }

            // "device 10.4.1.12 … the app version (10.4.1.12)": a value the text names as a version is one at every mention.
            if (versions is not null)
            {
                for (var i = found.Count - 1; i >= first; i--)
                {
                    if (versions.Contains(text.Substring(found[i].Start, found[i].Length)))
                    {
                        found.RemoveAt(i);
                    }
                }
            }
        }

        // A v6 address either compresses zeros (::) or spells out eight groups (seven colons).
        if (text.Contains("::", StringComparison.Ordinal) || text.AsSpan().Count(':') >= 7)
        {
            foreach (var m in Patterns.IPv6Candidate().EnumerateMatches(text))
            {
                var span = text.AsSpan(m.Index, m.Length);
                // "from 2001:4860:4860::8888: icmp_seq=1": the colon after the address belongs to the sentence.
                if (span.Length > 2 && span[^1] == ':' && span[^2] != ':')
                {
                    span = span[..^1];
                }

                var end = m.Index + span.Length;

                if (span.Length < 3 || !span.ContainsAnyInRange('0', '9') || (!span.Contains("::", StringComparison.Ordinal) && span.Count(':') < 7))
                {
                    continue;
                }

                // "2a00:…:31d5:60112" (ss, netstat): eight full groups and a decimal port after a ninth colon.
                if (end + 1 < text.Length && text[end] == ':' && char.IsAsciiDigit(text[end + 1])
                    && (span.Count(':') != 7 || span.Contains("::", StringComparison.Ordinal)))
                {
                    continue;
                }

                if (!IPAddress.TryParse(span, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6
                    || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Loopback) || IsNetworkPrefix(text, end, address))
                {
                    continue;
                }

                found.Add(new PiiMatch(PiiEntityType.IpAddress, m.Index, span.Length, Context.Score(text, m.Index, end, Cues, 0.6)));
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
        // user:password@host, or a bare token as the user (https://ghp_…@github.com); not user:password@ or user:<password>@ in docs.
        if (at > 0)
        {
            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':');
            var password = colon < 0 ? default : userInfo[(colon + 1)..];
            if (colon >= 0 && password.Length > 0)
            {
                return !Placeholders.Is(password) && !Placeholders.IsReference(password);
            }

            if (at >= 16 && userInfo.ContainsAnyInRange('0', '9'))
            {
                return true;
            }
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

        if (span.ContainsAny(SecretWords))
        {
            // Only around the telling words: the assignment pattern is slow to scan a whole prompt with.
            var windows = new List<(int Start, int End)>();
            var spoken = new List<(int Start, int End)>();
            for (var offset = 0; offset < text.Length;)
            {
                var index = text.AsSpan(offset).IndexOfAny(SecretWords);
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
        }

        if (span.ContainsAny(DirectiveWords))
        {
            FindValue(text, Patterns.PasswordDirective(), found, 0.75);
        }

        if (span.ContainsAny(BasicWords))
        {
            FindBasic(text, found);
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

    /// <summary>Words that name a secret, in any of the assignment or spoken forms ("passcode", "mot de passe", "contraseña", "senha").</summary>
    private static readonly SearchValues<string> SecretWords = SearchValues.Create(["pass", "pwd", "secret", "key", "token", "aws", "credential", "session", "contrase", "senha"], StringComparison.OrdinalIgnoreCase);

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
        for (var m = Patterns.AssignedSecret().Match(text, start, end - start); m.Success; m = m.NextMatch())
        {
            var value = m.Groups["value"];
            var span = value.ValueSpan;
            // Placeholders and references are not secrets.
            if (Placeholders.IsReference(span) || Placeholders.Is(span))
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
            else
            {
                // Keys and tokens are machine-made: a lower-case word or identifier ("refresh_token", "bearer") is a setting, not a secret.
                score = span.Length >= 8 && Placeholders.LooksRandom(span) ? 0.7 : 0.3;
            }

            found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, value.Length, score));
        }
    }

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
            var password = IsPasswordName(m.Groups["kw"].ValueSpan) || m.Groups["kw"].ValueSpan.StartsWith("mot", StringComparison.OrdinalIgnoreCase)
                || m.Groups["kw"].ValueSpan.StartsWith("contr", StringComparison.OrdinalIgnoreCase) || m.Groups["kw"].ValueSpan.StartsWith("senha", StringComparison.OrdinalIgnoreCase);
            var letters = span.ContainsAnyInRange('a', 'z') || span.ContainsAnyInRange('A', 'Z');
            var secret = password
                ? letters && (span.ContainsAnyInRange('0', '9') || (span.ContainsAnyInRange('A', 'Z') && span.ContainsAny("!@#$%^&*_-+?")))
                : span.Length >= 16 && Placeholders.LooksRandom(span) && span.ContainsAnyInRange('0', '9');
            if (secret)
            {
                // A password named outright outweighs a name-like word ("password Wisla#Brzeg42").
                found.Add(new PiiMatch(PiiEntityType.Secret, value.Index, span.Length, password ? 0.8 : 0.6));
            }
        }
    }

    /// <summary>Answers that give a value asked for just before ("what's the wifi pw?" … "it's Orchid-Ferry-2291!").</summary>
    private static readonly SearchValues<string> AnswerWords = SearchValues.Create(["it's ", "it’s ", "it is ", "its "], StringComparison.OrdinalIgnoreCase);

    /// <summary>Words that ask for or name a password in chat, as whole words.</summary>
    private static readonly WordSet ChatPasswordWords = WordSet.Of("password", "passwords", "pw", "pwd", "passcode", "passphrase", "pass", "passwort", "wifi", "wlan");

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

    /// <summary>Configuration directives that take a password as a plain argument (redis, sentinel): <c>requirepass …</c>, <c>sentinel auth-pass &lt;master&gt; …</c>.</summary>
    private static readonly SearchValues<string> DirectiveWords = SearchValues.Create(["requirepass", "masterauth", "auth-pass", "masterpass"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> BasicWords = SearchValues.Create(["basic", "auth"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Words that introduce a user and password written as a pair: "log in with admin / S3cret!", "creds: deploy/Xy8…".</summary>
    private static readonly SearchValues<string> LoginWords = SearchValues.Create(["log in", "login", "log on", "logon", "sign in", "signin", "creds", "credential", "user"], StringComparison.OrdinalIgnoreCase);

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
        name.Contains("pass", StringComparison.OrdinalIgnoreCase) || name.Contains("pwd", StringComparison.OrdinalIgnoreCase);

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

    private static void AddIfCued(string text, List<PiiMatch> found, int start, int length)
    {
        // "d.o.b." and "D.O.B" are split into letters by the word scanner: look for them as written.
        var before = text.AsSpan(Math.Max(0, start - 24), Math.Min(start, 24));
        var cued = (Context.Near(text, start, start + length, Cues, 6, 2) && !YearBetweenCueAndDate(text, start)) || before.Contains("d.o.b", StringComparison.OrdinalIgnoreCase)
            || InBirthDateList(text, start);
        found.Add(new PiiMatch(PiiEntityType.DateOfBirth, start, length, cued ? 0.85 : 0.1));
    }

    /// <summary>
    /// "born in 1990 and joined on 2015-06-01": a year between the cue word before the date and the date means the cue
    /// speaks of that year, not of this date.
    /// </summary>
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

internal sealed class AddressRecognizer : IPiiRecognizer
{
    private const int Before = 150;
    private const int After = 60;

    private static readonly string[] PolishStreetPrefixes = ["ul. ", "al. ", "pl. ", "os. ", "aleja ", "ulica "];

    public void Find(string text, List<PiiMatch> found)
    {
        // Every supported format ends in a postcode of a known shape: find those in one pass over the
        // digit runs, then run each country's pattern only over the text just around them.
        List<(int Start, int End)>? us = null, uk = null, continental = null, nl = null, pt = null, pl = null;
        List<(int Start, int End)>? ca = null, au = null, br = null, india = null, jp = null, fourDigit = null;
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
                // Swedish "111 21 Stockholm".
                Windows.Add(fourDigit ??= [], text, i - Before, j + After);
            }

            if (length == 3 && DigitsAt(text, j, '-', 4))
            {
                // Japanese 150-0002 (after the address, or first after 〒).
                Windows.Add(jp ??= [], text, i - Before, j + After + 60);
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

        if (us is null && uk is null && continental is null && nl is null && pt is null && pl is null && ca is null && au is null && br is null && india is null && jp is null && fourDigit is null)
        {
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

        // A unit after the street ("Umeda 3-1-3, Room 805", "… Street, Suite 200") belongs to the address.
        foreach (var m in Patterns.TrailingUnit().EnumerateMatches(text.AsSpan(end, Math.Min(24, text.Length - end))))
        {
            end += m.Length;
            break;
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

        found.Add(new PiiMatch(PiiEntityType.Address, index, end - index, 0.92));
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
