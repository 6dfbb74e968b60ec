namespace Protocols.Translation;

/// <summary>Case-insensitive glob matching with <c>*</c> and <c>?</c> (no regex, no allocation).</summary>
public static class Glob
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="pattern">The pattern; without wildcards it must match exactly.</param>
    /// <returns>True on a match.</returns>
    public static bool IsMatch(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        int t = 0, p = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t])))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether <paramref name="text"/> matches any of <paramref name="patterns"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="patterns">The patterns.</param>
    /// <returns>True on a match.</returns>
    public static bool IsAnyMatch(string text, List<string> patterns)
    {
        foreach (var p in patterns)
        {
            if (IsMatch(text, p))
            {
                return true;
            }
        }

        return false;
    }
}
