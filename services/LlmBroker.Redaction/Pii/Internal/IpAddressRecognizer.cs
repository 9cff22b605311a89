using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class IpAddressRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of(
        "ip", "ipv4", "ipv6", "address", "host", "server", "client", "from", "connected", "login", "src", "dst", "source", "remote", "gateway", "dns", "ping",
        "nameserver", "resolver", "ssh", "curl", "peer", "addr", "inet", "proxy", "endpoint", "node", "router");

    /// <summary>Words that say the dotted quad names something other than one machine (an OID, a section, a mask).</summary>
    /// <summary>Cue words that name an address outright ("from" or "node" only suggest one).</summary>
    private static readonly WordSet StrongCues = WordSet.Of(
        "ip", "ipv4", "address", "host", "server", "dns", "ping", "nameserver", "resolver", "ssh", "curl", "inet", "addr", "gateway", "proxy", "endpoint", "router");

    /// <summary>Words that follow a version number and never an address ("1.25.3.1 build 20240214", "4.2.0.1 release notes").</summary>
    private static readonly WordSet ReleaseWords = WordSet.Of("build", "release", "released", "rc", "beta", "alpha", "patch", "hotfix", "changelog");

    private static readonly WordSet NetworkWords = WordSet.Of("network", "networks", "subnet", "subnets", "lan", "vlan", "range", "block", "segment", "net");

    private static readonly WordSet NotAddressCues = WordSet.Of("oid", "section", "sections", "chapter", "clause", "para", "paragraph", "figure", "fig", "table", "step", "netmask", "mask", "subnet", "wildcard", "cidr", "range", "upgrade", "upgraded", "upgrading", "update", "updated", "downgrade", "downgraded", "installed", "install", "changelog", "image", "tag");

    /// <summary>
    /// Whether a dotted quad names one machine: not the unspecified or broadcast address, not a netmask, not a network
    /// written as a CIDR range (10.0.0.0/16; a host with its prefix, 10.0.1.12/24, is still a host), not x.y.0.0, and not a
    /// product version inside a user agent (Chrome/120.0.0.0).
    /// </summary>
    private static bool IsHostV4(string text, int start, int end, ReadOnlySpan<int> octets)
    {
        // Loopback (127.0.0.0/8) names "this machine" on every host: it identifies no one. A last part of 255 is the
        // broadcast address of its /24 (and of every longer prefix): it names a network's every host, not one of them.
        if (octets[0] is 0 or 127 or 255 || octets[3] == 255 || (octets[2] == 0 && octets[3] == 0))
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

    /// <summary>"::1:8125" (netstat, ss): the loopback address and a decimal port, not an address ending in 1:8125.</summary>
    internal static bool IsLoopbackWithPort(ReadOnlySpan<char> span) =>
        span.StartsWith("::1:", StringComparison.Ordinal) && span.Length is > 4 and <= 9 && span[4..].IndexOfAnyExcept("0123456789") < 0;

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

    /// <summary>Words that make a line or sentence about software or firmware versions, and network operating systems ("IOS 17.9.4.1").</summary>
    private static readonly WordSet VersionWords = WordSet.Of(
        "version", "versions", "versioning", "semver", "firmware", "fw", "rev", "revision", "release", "releases", "sdk", "changelog", "build", "builds",
        "upgrade", "upgraded", "upgrades", "upgrading", "downgrade", "downgraded", "downgrading", "rollback", "hotfix", "patched",
        "ios", "junos", "nxos", "fortios", "panos", "routeros", "eos");

    /// <summary>Words that name an address even in a line about versions ("v4 95.216.44.18; firmware 2.10.0.1").</summary>
    private static readonly WordSet AddressWords = WordSet.Of("ip", "ipv4", "ipv6", "v4", "v6", "address", "addr", "inet", "host");

    /// <summary>Private ranges (10/8, 172.16/12, 192.168/16): configurations name these, version numbers rarely look like them.</summary>
    internal static bool IsPrivate(ReadOnlySpan<int> octets) =>
        octets[0] == 10 || (octets[0] == 172 && octets[1] is >= 16 and <= 31) || (octets[0] == 192 && octets[1] == 168);

    /// <summary>
    /// Whether the clause holding the match (its line or sentence, up to a semicolon) has a version
    /// word: an address and a version in two clauses of one sentence ("v4 95.216.44.18; firmware on
    /// the box is 2.10.0.1") stay apart, since missing an address is the worse mistake.
    /// </summary>
    internal static bool InVersionClause(string text, int start, int end)
    {
        var from = start;
        while (from > 0 && text[from - 1] is not ('\n' or ';') && !(text[from - 1] == ' ' && from >= 2 && text[from - 2] is '.' or '?' or '!' && char.IsLetter(text[from - 3 < 0 ? 0 : from - 3])))
        {
            from--;
        }

        var to = end;
        while (to < text.Length && text[to] is not ('\n' or ';') && !(text[to] is '.' or '?' or '!' && (to + 1 == text.Length || text[to + 1] == ' ')))
        {
            to++;
        }

        foreach (var range in text.AsSpan(from, to - from).SplitAny(" ,;:()[]\t/=\"'"))
        {
            if (VersionWords.Contains(text.AsSpan(from, to - from)[range]))
            {
                return true;
            }
        }

        // "Firmware matrix\nswitch-core   17.9.4.1": a title line about versions heads a table of them.
        var titleEnd = text.IndexOf('\n');
        if (titleEnd > 0 && titleEnd < from && titleEnd <= 80 && !text.AsSpan(from, to - from).Contains("addr", StringComparison.OrdinalIgnoreCase)
            && !text.AsSpan(from, to - from).Contains("IP", StringComparison.Ordinal))
        {
            foreach (var range in text.AsSpan(0, titleEnd).SplitAny(" ,;:()[]\t/=\"'-–"))
            {
                if (VersionWords.Contains(text.AsSpan(0, titleEnd)[range]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Where the sentence holding <paramref name="start"/> begins: after a line break, or after a full stop, question or exclamation mark and a blank.</summary>
    internal static int SentenceStart(string text, int start)
    {
        for (var i = start - 1; i > 0 && start - i < 200; i--)
        {
            if (text[i] == '\n' || (text[i] == ' ' && text[i - 1] is '.' or '?' or '!' && i >= 2 && char.IsLetter(text[i - 2])))
            {
                return i + 1;
            }
        }

        return Math.Max(0, start - 200);
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
                // Only within the sentence: "… next to the VPN range? If 34.89.211.6 is …" names the earlier value a range, not this one.
                if (Context.Near(text, m.Index, end, NotAddressCues, 2, 0, SentenceStart(text, m.Index)) && !Context.Near(text, m.Index, end, StrongCues, 1, 0))
                {
                    (versions ??= []).Add(text.Substring(m.Index, m.Length));
                    continue;
                }

                // "Newtonsoft.Json 13.0.3 → 13.0.3.1": dotted numbers on either side of an upgrade arrow, one of them not four parts
                // long, are a version change.
                if (IsVersionChange(text, m.Index, end))
                {
                    (versions ??= []).Add(text.Substring(m.Index, m.Length));
                    continue;
                }

                // "nginx 1.25.3.1 build 20240214": a release word right after the dotted numbers makes them a version.
                if (Context.Near(text, m.Index, end, ReleaseWords, 0, 1))
                {
                    (versions ??= []).Add(text.Substring(m.Index, m.Length));
                    continue;
                }

                // "Firmware matrix: router 15.9.3.2, switch 17.12.4.1", "generated by chef 17.10.0.2, template rev 3.1.4.9": in a
                // line or sentence about versions, public-looking dotted numbers are versions unless an address word names them.
                if (!IsPrivate(octets) && InVersionClause(text, m.Index, end) && !Context.Near(text, m.Index, end, AddressWords, 2, 0))
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

                // "2a00:…:31d5:60112" (ss, netstat): eight full groups and a decimal port after a ninth colon. After a compressed
                // address a port of five digits cannot be a group ("Endpoint = 2a01:4f8:c012:9e4::1:51820"); one of four could.
                if (end + 1 < text.Length && text[end] == ':' && char.IsAsciiDigit(text[end + 1])
                    && (span.Count(':') != 7 || span.Contains("::", StringComparison.Ordinal)) && !(span.Contains("::", StringComparison.Ordinal) && PortOfFiveDigits(text, end + 1)))
                {
                    continue;
                }

                if (!IPAddress.TryParse(span, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6
                    || address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Loopback) || IsNetworkPrefix(text, end, address)
                    || IsLoopbackWithPort(span))
                {
                    continue;
                }

                found.Add(new PiiMatch(PiiEntityType.IpAddress, m.Index, span.Length, Context.Score(text, m.Index, end, Cues, 0.6)));
            }
        }
    }
    /// <summary>Five decimal digits at <paramref name="start"/> and then no more of the token: a port, longer than any v6 group.</summary>
    private static bool PortOfFiveDigits(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - start == 5 && (end == text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || text[end] is ':' or '.'));
    }

    /// <summary>
    /// Whether the dotted number at [start, end) stands beside an arrow (<c>→</c>, <c>-&gt;</c>, <c>=&gt;</c>) whose other side is a
    /// dotted number of another length with the same first part: "13.0.3 → 13.0.3.1", "8.0.5.0 -> 8.1".
    /// </summary>
    internal static bool IsVersionChange(string text, int start, int end)
    {
        var first = text.AsSpan(start, end - start);
        first = first[..first.IndexOf('.')];
        return OtherSide(text, start, -1, first) || OtherSide(text, end, 1, first);

        static bool OtherSide(string text, int from, int step, ReadOnlySpan<char> first)
        {
            // Skip blanks, the arrow, blanks.
            var i = step < 0 ? from - 1 : from;
            while (i >= 0 && i < text.Length && text[i] == ' ')
            {
                i += step;
            }

            var arrowStart = i;
            while (i >= 0 && i < text.Length && text[i] is '→' or '⇒' or '-' or '=' or '>' && Math.Abs(i - arrowStart) < 2)
            {
                i += step;
            }

            var arrow = step < 0 ? text.AsSpan(i + 1, arrowStart - i) : text.AsSpan(arrowStart, i - arrowStart);
            if (!(arrow is "→" or "⇒" or "->" or "=>"))
            {
                return false;
            }

            while (i >= 0 && i < text.Length && text[i] == ' ')
            {
                i += step;
            }

            var tokenEnd = i;
            while (i >= 0 && i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i += step;
            }

            var token = step < 0 ? text.AsSpan(i + 1, tokenEnd - i) : text.AsSpan(tokenEnd, i - tokenEnd);
            token = token.Trim('.');
            var dots = token.Count('.');
            return dots >= 1 && dots != 3 && token.StartsWith(first, StringComparison.Ordinal) && token.Length > first.Length && token[first.Length] == '.';
        }
    }
}
