namespace LlmBroker.Redaction.Pii;

/// <summary>The kinds of personal data the redactor recognises.</summary>
public enum PiiEntityType
{
    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A telephone number, international or national format.</summary>
    Phone,

    /// <summary>A payment card number that passes the Luhn check.</summary>
    CreditCard,

    /// <summary>An IBAN that passes the mod-97 check.</summary>
    Iban,

    /// <summary>A US social security number.</summary>
    UsSsn,

    /// <summary>An IPv4 or IPv6 address.</summary>
    IpAddress,

    /// <summary>A URL that carries credentials or tokens.</summary>
    UrlWithCredentials,

    /// <summary>An API key, access token, JWT or other secret.</summary>
    Secret,

    /// <summary>A date of birth (a date with a birth context).</summary>
    DateOfBirth,

    /// <summary>A postal address.</summary>
    Address,

    /// <summary>A person's name.</summary>
    Person,
}

/// <summary>One PII value found in a text: its kind, where it is, and how sure the recognizer is.</summary>
/// <param name="Type">The kind of value.</param>
/// <param name="Start">Index of the first character in the text.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Score">Confidence from 0 to 1, after context scoring.</param>
public readonly record struct PiiMatch(PiiEntityType Type, int Start, int Length, double Score)
{
    /// <summary>Index just past the last character.</summary>
    public int End => Start + Length;
}

/// <summary>Finds PII values in text. Implementations are thread-safe and allocation-light.</summary>
public interface IPiiDetector
{
    /// <summary>
    /// The PII values in <paramref name="text"/> at or above their entity's threshold, ordered by start,
    /// without overlaps (when two matches overlap the stronger one wins).
    /// </summary>
    IReadOnlyList<PiiMatch> Detect(string text);
}
