namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// The base ASCII letter of each accented Latin letter (Latin-1, Latin Extended-A and -B, and the Vietnamese letters of Latin
/// Extended Additional): a table, because the service runs with invariant globalization, where Unicode normalization is
/// not available. Generated from the Unicode canonical decompositions, with the letters that have none (đ, ł, ø, ı) by hand.
/// </summary>
internal static class MarkFolding
{
    /// <summary>U+00C0 to U+024F; '.' where a character has no ASCII base letter.</summary>
    private const string Latin =
        "AAAAAAACEEEEIIII.NOOOOO.OUUUUY.saaaaaaaceeeeiiii.nooooo.ouuuuy.yAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGg" +
        "HhHhIiIiIiIiIi..JjKk.LlLlLlLlLlNnNnNn...OoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz........." +
        "........................Oo.............Uu............................AaIiOoUuUuUuUuUu.AaAa....GgKkOo" +
        "Oo..j...Gg..NnAa....AaAaEeEeIiIiOoOoRrRrUuUuSsTt..Hh......AaEeOoOoOoOoYy............................";

    /// <summary>U+1E00 to U+1EFF; '.' where a character has no ASCII base letter.</summary>
    private const string Additional =
        "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSs" +
        "SsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwy......AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEe" +
        "IiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy......";

    /// <summary>The base letter of <paramref name="c"/>: itself when ASCII, '\0' when it has none.</summary>
    public static char Fold(char c)
    {
        var folded = c switch
        {
            < (char)128 => c,
            >= '\u00C0' and <= '\u024F' => Latin[c - 0xC0],
            >= '\u1E00' and <= '\u1EFF' => Additional[c - 0x1E00],
            _ => '.',
        };

        return folded == '.' ? '\0' : folded;
    }
}
