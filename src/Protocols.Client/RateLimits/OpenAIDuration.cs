using System.Globalization;

namespace Protocols.Client;

/// <summary>Go-style durations as OpenAI writes them in rate-limit headers: <c>6ms</c>, <c>1s</c>, <c>1m30s</c>, <c>2h0m0.5s</c>.</summary>
public static class OpenAIDuration
{
    /// <summary>Parses a duration: one or more <c>&lt;number&gt;&lt;unit&gt;</c> groups with units <c>h</c>, <c>m</c>, <c>s</c>, <c>ms</c>, <c>us</c>/<c>µs</c>, <c>ns</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration.</param>
    /// <returns>False when <paramref name="text"/> is not such a duration.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        double totalMs = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            int unitStart = i;
            while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == 'µ'))
            {
                i++;
            }

            double? ms = text[unitStart..i] switch
            {
                "h" => n * 3_600_000,
                "m" => n * 60_000,
                "s" => n * 1000,
                "ms" => n,
                "us" or "µs" => n / 1000,
                "ns" => n / 1_000_000,
                _ => null,
            };
            if (ms is null)
            {
                return false;
            }

            totalMs += ms.Value;
        }

        if (!double.IsFinite(totalMs) || totalMs >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            // "99999999999999h": more than a TimeSpan holds (it threw OverflowException): not understood.
            return false;
        }

        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }
}
