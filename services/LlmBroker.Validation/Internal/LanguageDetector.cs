using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace LlmBroker.Validation.Internal;

/// <summary>
/// Names the language of a text from its most frequent function words (stop-word profiles). Cheap
/// and dependency-free; reliable on a sentence or more, silent on shorter text.
/// </summary>
internal static partial class LanguageDetector
{
    /// <summary>Fewest stop words the winning language needs before a verdict is given.</summary>
    private const int MinimumHits = 3;

    private static readonly FrozenDictionary<string, FrozenSet<string>> s_profiles = new Dictionary<string, FrozenSet<string>>
    {
        ["en"] = Set("the and is are was were of to in that it for with as on this be have has not but or by from they you we at which will would an there their what can"),
        ["de"] = Set("der die das und ist nicht ein eine zu mit den dem des sich auf für von im auch es ich sie wir wird sind war oder aber wie noch nach bei einer einem nur"),
        ["fr"] = Set("le la les et est un une des du de dans pour pas que qui sur au aux avec ce cette il elle nous vous sont ont mais ou par plus se ne être été"),
        ["es"] = Set("el la los las y es un una de del en que por para con no se su sus al lo como más pero está son fue ha muy también entre sobre"),
        ["it"] = Set("il lo la gli le e è un una di del della dei in che per con non si sono come più ma anche alla nel questo questa ha stato"),
        ["nl"] = Set("de het een en is van in dat op te met voor niet zijn er aan om ook als bij maar nog wordt door naar dit deze wij ze hij"),
        ["pt"] = Set("o a os as e é um uma de do da dos das em no na que por para com não se seu sua ao como mais mas foi são está também pelo pela"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The ISO 639-1 codes the detector knows.</summary>
    public static IReadOnlyCollection<string> Supported => s_profiles.Keys;

    /// <summary>True when <paramref name="code"/> is a language the detector knows.</summary>
    public static bool IsSupported(string code) => s_profiles.ContainsKey(code.ToLowerInvariant());

    /// <summary>The most likely language, or <see langword="null"/> when the text gives too little evidence.</summary>
    public static string? Detect(string text)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match word in Words().Matches(text.ToLowerInvariant()))
        {
            foreach (var (code, profile) in s_profiles)
            {
                if (profile.Contains(word.Value))
                {
                    scores[code] = scores.GetValueOrDefault(code) + 1;
                }
            }
        }

        var ranked = scores.OrderByDescending(s => s.Value).ToArray();
        if (ranked.Length == 0 || ranked[0].Value < MinimumHits)
        {
            return null;
        }

        // A tie means the shared words (e.g. "de", "la") decided nothing.
        return ranked.Length > 1 && ranked[1].Value == ranked[0].Value ? null : ranked[0].Key;
    }

    private static FrozenSet<string> Set(string words) => words.Split(' ').ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
