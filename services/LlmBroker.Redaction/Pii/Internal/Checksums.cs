namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>Check digits and number ranges that tell a real identifier from a look-alike.</summary>
internal static class Checksums
{
    /// <summary>Luhn check over the digits of <paramref name="value"/>, ignoring spaces and dashes.</summary>
    public static bool Luhn(ReadOnlySpan<char> value)
    {
        var sum = 0;
        var doubleIt = false;
        var digits = 0;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
            digits++;
        }

        return digits > 0 && sum % 10 == 0;
    }

    /// <summary>Known issuer prefixes and lengths (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro).</summary>
    public static bool CardIssuer(ReadOnlySpan<char> digits)
    {
        var n = digits.Length;
        if (n < 13 || n > 19)
        {
            return false;
        }

        var p4 = ((digits[0] - '0') * 1000) + ((digits[1] - '0') * 100) + ((digits[2] - '0') * 10) + (digits[3] - '0');
        return digits[0] switch
        {
            '4' => n is 13 or 16 or 19,
            '5' => ((p4 / 100) is >= 51 and <= 55 && n == 16) || (n is >= 12 and <= 19 && (p4 / 100) is 50 or (>= 56 and <= 58)),
            '2' => (p4 is >= 2221 and <= 2720 && n == 16) || ((p4 / 100) == 22 && n is >= 16 and <= 19),
            '3' => ((p4 / 100) is 34 or 37 && n == 15) || ((p4 / 100) is 36 or 38 or 39 && n is >= 14 and <= 19) || ((p4 / 10) is >= 300 and <= 305 && n is >= 14 and <= 19) || (p4 is >= 3528 and <= 3589 && n is >= 16 and <= 19),
            '6' => (p4 == 6011 || (p4 / 100) == 65 || (p4 / 10) is >= 644 and <= 649 || (p4 / 100) == 62 || (p4 / 100) == 67 || p4 == 6304) && n is >= 16 and <= 19,
            _ => false,
        };
    }

    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["DO"] = 28,
        ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23,
        ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26,
        ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20,
        ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18,
        ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24,
        ["SC"] = 31, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["ST"] = 25, ["SV"] = 28, ["TL"] = 23, ["TN"] = 24,
        ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    };

    /// <summary>Country length and mod-97 check of an IBAN, ignoring spaces.</summary>
    public static bool Iban(ReadOnlySpan<char> value)
    {
        Span<char> compact = stackalloc char[40];
        var n = 0;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                continue;
            }

            if (n == compact.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            compact[n++] = char.ToUpperInvariant(c);
        }

        if (n < 15 || !IbanLengths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(compact[..2], out var length) || length != n)
        {
            return false;
        }

        var remainder = 0;
        for (var k = 0; k < n; k++)
        {
            var c = compact[(k + 4) % n];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
        }

        return remainder == 1;
    }

    /// <summary>
    /// A US SSN outside the ranges never issued: area 000, 666 or 900-999, group 00, serial 0000,
    /// and the well-known advertising numbers.
    /// </summary>
    public static bool Ssn(int area, int group, int serial) =>
        area is > 0 and not 666 and < 900 && group > 0 && serial > 0
        && !(area == 123 && group == 45 && serial == 6789) && !(area == 78 && group == 5 && serial == 1120)
        && !(area == 219 && group == 9 && serial == 9999);
}
