using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

internal sealed class CreditCardRecognizer : IPiiRecognizer
{
    private static readonly WordSet Cues = WordSet.Of("card", "credit", "debit", "visa", "mastercard", "amex", "cc", "kreditkarte", "karte", "carte", "tarjeta", "pan", "payment", "cartão", "jcb", "diners", "discover", "maestro", "unionpay");

    /// <summary>Words that place a number in test data: "sandbox only", "test cards", "dummy data".</summary>
    private static readonly WordSet TestWords = WordSet.Of("test", "tests", "testing", "sandbox", "dummy", "sample", "samples", "fake", "staging", "qa");

    /// <summary>
    /// A sample number, not an account, when the text around it says it is test data (a bare 4111 1111 1111 1111 is still
    /// redacted: it is the number people type to see whether redaction works): one digit eight times or more in a row (4111 1111 1111 1111, 4000 0000 0000 0002,
    /// 5555 5555 5555 4444) or a pair of digits repeated over twelve digits or more (4242 4242 4242 4242), as the payment
    /// processors' published test numbers are written.
    /// </summary>
    internal static bool IsTestNumber(ReadOnlySpan<char> digits)
    {
        var run = 1;
        var alternating = 2;
        for (var i = 1; i < digits.Length; i++)
        {
            run = digits[i] == digits[i - 1] ? run + 1 : 1;
            alternating = i >= 2 && digits[i] == digits[i - 2] && digits[i] != digits[i - 1] ? alternating + 1 : 2;
            if (run >= 8 || alternating >= 12)
            {
                return true;
            }
        }

        return false;
    }

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
            if ((separators > 0 && separators > 4) || (IsTestNumber(digits[..n]) && Context.Near(text, m.Index, m.Index + m.Length, TestWords, 40, 3)))
            {
                continue;
            }

            var score = Context.Score(text, m.Index, m.Index + m.Length, Cues, 0.8);
            found.Add(new PiiMatch(PiiEntityType.CreditCard, m.Index, m.Length, score));
        }
    }
}
