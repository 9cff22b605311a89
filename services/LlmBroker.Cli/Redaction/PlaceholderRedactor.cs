using System.Text;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Cli.Redaction;

/// <summary>One entity replaced in a text: where it was in the original and what replaced it.</summary>
internal sealed record RedactedEntity(PiiEntityType Type, int Start, int End, double Score, string Placeholder);

/// <summary>
/// Replaces each detected value with a numbered placeholder per type (<c>&lt;EMAIL_1&gt;</c>); the same
/// value gets the same placeholder everywhere in the text.
/// </summary>
internal static class PlaceholderRedactor
{
    public static (string Text, List<RedactedEntity> Entities) Redact(string text, IReadOnlyList<PiiMatch> matches)
    {
        var builder = new StringBuilder(text.Length);
        var entities = new List<RedactedEntity>(matches.Count);
        var numbers = new Dictionary<(PiiEntityType, string), int>();
        var counts = new Dictionary<PiiEntityType, int>();
        var position = 0;
        foreach (var match in matches)
        {
            var value = text.Substring(match.Start, match.Length);
            if (!numbers.TryGetValue((match.Type, value), out var number))
            {
                number = counts[match.Type] = counts.GetValueOrDefault(match.Type) + 1;
                numbers[(match.Type, value)] = number;
            }

            var placeholder = $"<{Label(match.Type)}_{number}>";
            builder.Append(text, position, match.Start - position).Append(placeholder);
            position = match.End;
            entities.Add(new RedactedEntity(match.Type, match.Start, match.End, match.Score, placeholder));
        }

        builder.Append(text, position, text.Length - position);
        return (builder.ToString(), entities);
    }

    /// <summary>The placeholder label of a type: <c>EMAIL</c>, <c>CREDIT_CARD</c>, <c>US_SSN</c>.</summary>
    public static string Label(PiiEntityType type) => type switch
    {
        PiiEntityType.Email => "EMAIL",
        PiiEntityType.Phone => "PHONE",
        PiiEntityType.CreditCard => "CREDIT_CARD",
        PiiEntityType.Iban => "IBAN",
        PiiEntityType.UsSsn => "US_SSN",
        PiiEntityType.IpAddress => "IP_ADDRESS",
        PiiEntityType.UrlWithCredentials => "URL_WITH_CREDENTIALS",
        PiiEntityType.Secret => "SECRET",
        PiiEntityType.DateOfBirth => "DATE_OF_BIRTH",
        PiiEntityType.Address => "ADDRESS",
        PiiEntityType.Person => "PERSON",
        _ => type.ToString().ToUpperInvariant(),
    };
}
