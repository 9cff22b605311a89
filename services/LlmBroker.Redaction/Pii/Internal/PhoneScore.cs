namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>How libphonenumber judges a candidate digit run.</summary>
internal enum PhoneValidity
{
    /// <summary>Neither valid nor of a possible length for any region tried: not a phone number.</summary>
    None,

    /// <summary>Of a possible length, but in no allocated range (new or fictional ranges: +44 7700 900 …).</summary>
    Possible,

    /// <summary>Valid for one of the configured regions, written in national form.</summary>
    ValidNational,

    /// <summary>Valid, written in international form (+CC or 00CC).</summary>
    ValidInternational,
}

/// <summary>What is known about one candidate digit run: its own shape and the words around it.</summary>
internal readonly record struct PhoneFeatures
{
    /// <summary>libphonenumber's judgement.</summary>
    public PhoneValidity Validity { get; init; }

    /// <summary>The number type is a personal one (mobile, fixed line, toll free, VoIP), not unknown.</summary>
    public bool KnownType { get; init; }

    /// <summary>Written with a +CC or 00CC prefix.</summary>
    public bool InternationalPrefix { get; init; }

    /// <summary>Printed in at least two digit groups with nine digits or more.</summary>
    public bool GroupedLong { get; init; }

    /// <summary>The digit groups are those of the region's standard national or international formatting.</summary>
    public bool StandardGrouping { get; init; }

    /// <summary>Three or more groups that match no standard formatting (7730-2291-04, 7301 2288 4410).</summary>
    public bool OddGrouping { get; init; }

    /// <summary>A phone word (phone, tel, call, whatsapp, …) within six words before it, one after, or a phone column heading.</summary>
    public bool PhoneCue { get; init; }

    /// <summary>The nearest cue word walking back over the clause is a phone word: it names this number.</summary>
    public bool PhoneWordNamesIt { get; init; }

    /// <summary>The nearest cue word is a reference word (order, invoice, account, VAT, …): it names this number.</summary>
    public bool ReferenceNamesIt { get; init; }

    /// <summary>A reference word within three words in the clause, or a list heading naming references.</summary>
    public bool ReferenceNear { get; init; }

    /// <summary>The digits belong to another token: an identifier, a time, a path, an account or IBAN string, log output, an amount or a count.</summary>
    public bool PartOfSomethingElse { get; init; }

    /// <summary>The first group is a year followed by a dash or slash (2024/88173, 2024-448213): a dated reference.</summary>
    public bool YearPrefixed { get; init; }

    /// <summary>A number sign (n., no., nr., #) right before it, not after a phone word: a reference number.</summary>
    public bool AfterNumberSign { get; init; }

    /// <summary>A short local number in a clause that declares its values fake.</summary>
    public bool DeclaredFake { get; init; }

    /// <summary>The label directly before the number, when it is not a phone word (CUIT, REGON, "Pedido:", "loyalty number").</summary>
    public PhoneLabel Label { get; init; }

    /// <summary>Valid in national form for a region the text names elsewhere (a +CC number, a country-code domain).</summary>
    public bool TextRegion { get; init; }

    /// <summary>The last group is a single digit (30-71234567-9, 9826 4412 0884 1): a check digit, which no phone layout has.</summary>
    public bool CheckDigitTail { get; init; }
}

/// <summary>A label directly before a candidate that is not a phone word.</summary>
internal enum PhoneLabel
{
    /// <summary>No label, or a phone label (Tel:, GSM, Mobile number).</summary>
    None,

    /// <summary>A word before a colon, or before "number" ("Pedido:", "applicant number").</summary>
    Word,

    /// <summary>An acronym of two to six capitals (CUIT, NIP, REGON): the name of an identifier.</summary>
    Acronym,
}

/// <summary>
/// The phone decision: a weighted sum of <see cref="PhoneFeatures"/>, clipped to [0, 1]; the detector keeps a number whose
/// score reaches the phone threshold (0.5 by default). All weights live here.
/// </summary>
internal static class PhoneScore
{
    public const double ValidInternational = 0.75;
    public const double ValidNational = 0.30;
    public const double Possible = 0.15;
    public const double KnownType = 0.05;
    public const double GroupedLong = 0.20;
    public const double StandardGrouping = 0.10;
    public const double OddGrouping = -0.30;
    public const double PhoneCue = 0.35;
    public const double PhoneWordNamesIt = 0.15;
    public const double ReferenceNamesIt = -0.90;
    public const double ReferenceNear = -0.30;
    public const double PartOfSomethingElse = -1.0;
    public const double DeclaredFake = -1.0;
    public const double YearPrefixed = -0.40;
    public const double AfterNumberSign = -0.40;
    public const double WordLabel = -0.15;
    public const double AcronymLabel = -0.35;
    public const double CheckDigitTail = -0.30;
    public const double TextRegion = 0.15;

    /// <summary>The highest score the number's own validity can add: below this, context alone rules a candidate out before parsing.</summary>
    public const double MaxFromNumber = ValidInternational + KnownType + GroupedLong + StandardGrouping;

    /// <summary>The score of the context features alone (no number validity).</summary>
    public static double Context(in PhoneFeatures f) =>
        (f.PhoneCue ? PhoneCue : 0) + (f.PhoneWordNamesIt ? PhoneWordNamesIt : 0) + (f.ReferenceNamesIt ? ReferenceNamesIt : 0)
        + (f.ReferenceNear ? ReferenceNear : 0) + (f.PartOfSomethingElse ? PartOfSomethingElse : 0) + (f.DeclaredFake ? DeclaredFake : 0)
        + (f.YearPrefixed ? YearPrefixed : 0) + (f.AfterNumberSign ? AfterNumberSign : 0);

    /// <summary>The candidate's score, from 0 to 1.</summary>
    public static double Of(in PhoneFeatures f)
    {
        var validity = f.Validity switch
        {
            PhoneValidity.ValidInternational => ValidInternational,
            PhoneValidity.ValidNational => ValidNational,
            PhoneValidity.Possible => Possible,
            _ => double.NegativeInfinity,
        };

        var score = validity + Context(f) + (f.KnownType ? KnownType : 0) + (f.GroupedLong ? GroupedLong : 0)
            + (f.StandardGrouping ? StandardGrouping : 0) + (f.OddGrouping ? OddGrouping : 0) + (f.CheckDigitTail ? CheckDigitTail : 0)
            + (f.TextRegion ? TextRegion : 0);

        // A label names an identifier, unless the number is valid in international form with its +CC: that form is only a phone's.
        if (!(f.Validity == PhoneValidity.ValidInternational && f.InternationalPrefix))
        {
            score += f.Label switch
            {
                PhoneLabel.Acronym => AcronymLabel,
                PhoneLabel.Word => WordLabel,
                _ => 0,
            };
        }

        return Math.Clamp(score, 0, 1);
    }
}
