using System.Text.RegularExpressions;

namespace LlmBroker.Validation.Internal;

/// <summary>Recognizes the common ways a model declines a task.</summary>
internal static partial class RefusalDetector
{
    /// <summary>Only the opening of an answer is searched: refusals come first, quotes of them later are fine.</summary>
    private const int Window = 300;

    /// <summary>True when the answer opens with a refusal.</summary>
    public static bool IsRefusal(string output)
    {
        var opening = output.Length > Window ? output[..Window] : output;
        return Phrasings().IsMatch(opening.Replace('\u2019', '\''));
    }

    [GeneratedRegex(
        @"\b(?:I'?m sorry,? but I (?:can(?:'?t|not)|won'?t|am unable|'m unable)|I(?: can(?:'?t|not)| won'?t| am unable to|'?m unable to| am not able to|'?m not able to| must decline to) (?:help|assist|comply|provide|give|offer|do that|fulfil|fulfill|answer|create|write|generate)|As an AI(?: language model)?,? I (?:can(?:'?t|not)|don'?t|am unable)|I (?:must|have to) (?:decline|refuse)|(?:this|that) request (?:goes against|violates)|I apologi[sz]e,? but I (?:can(?:'?t|not)|won'?t|am unable))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Phrasings();
}
