namespace Protocols.Translation;

/// <summary>
/// C37/C50: stop sequences the backend was not given are enforced on the text output. Shared by the
/// response translator (whole text) and the stream translator (text as it arrives).
/// </summary>
internal static class StopSequences
{
    /// <summary>The sequences to enforce for this exchange (empty when enforcement is off).</summary>
    /// <param name="options">The options.</param>
    /// <param name="state">The exchange state.</param>
    /// <returns>The non-empty sequences.</returns>
    public static List<string> Enforced(TranslationOptions options, ExchangeState state)
    {
        var list = new List<string>();
        if (!options.EnforceStopSequences)
        {
            return list;
        }

        foreach (var s in state.EnforcedStopSequences)
        {
            if (!string.IsNullOrEmpty(s) && !list.Contains(s))
            {
                list.Add(s);
            }
        }

        return list;
    }

    /// <summary>
    /// The match a generating model would have stopped at: the one that ends first (ties: the longer,
    /// i.e. the one starting first).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="sequences">The sequences.</param>
    /// <param name="index">Where the match starts.</param>
    /// <param name="matched">The sequence.</param>
    /// <returns>True on a match.</returns>
    public static bool TryFindFirst(ReadOnlySpan<char> text, List<string> sequences, out int index, out string matched)
    {
        index = -1;
        matched = string.Empty;
        int bestEnd = int.MaxValue;
        foreach (var s in sequences)
        {
            int at = text.IndexOf(s, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            int end = at + s.Length;
            if (end < bestEnd || (end == bestEnd && at < index))
            {
                bestEnd = end;
                index = at;
                matched = s;
            }
        }

        return index >= 0;
    }

    /// <summary>
    /// How many trailing characters must be held back because they could be the start of a sequence:
    /// the longest suffix of <paramref name="text"/> that is a proper prefix of one (the minimum to hold).
    /// </summary>
    /// <param name="text">The text not yet emitted.</param>
    /// <param name="sequences">The sequences.</param>
    /// <returns>The number of characters to hold.</returns>
    public static int HoldBackLength(ReadOnlySpan<char> text, List<string> sequences)
    {
        int hold = 0;
        foreach (var s in sequences)
        {
            for (int k = Math.Min(s.Length - 1, text.Length); k > hold; k--)
            {
                if (text[^k..].SequenceEqual(s.AsSpan(0, k)))
                {
                    hold = k;
                    break;
                }
            }
        }

        return hold;
    }
}
