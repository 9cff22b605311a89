using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// Stretches of a text worth running an expensive pattern over (around a postcode, near a cue
/// word), merged when they overlap and widened to word boundaries so lookbehinds stay correct.
/// </summary>
internal static class Windows
{
    public static void Add(List<(int Start, int End)> windows, string text, int start, int end)
    {
        start = Math.Max(0, start);
        end = Math.Min(text.Length, end);
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        if (windows.Count > 0 && start <= windows[^1].End)
        {
            windows[^1] = (windows[^1].Start, Math.Max(end, windows[^1].End));
            return;
        }

        windows.Add((start, end));
    }

    /// <summary>Matches of <paramref name="pattern"/> inside the windows, with indexes into the whole text.</summary>
    public static void Matches(string text, Regex pattern, List<(int Start, int End)> windows, List<(int Index, int Length)> matches)
    {
        foreach (var (start, end) in windows)
        {
            foreach (var m in pattern.EnumerateMatches(text.AsSpan(start, end - start)))
            {
                matches.Add((start + m.Index, m.Length));
            }
        }
    }
}
