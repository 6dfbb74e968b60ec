using System.Globalization;

namespace Protocols.Proxy.Upstream;

/// <summary>Go-style durations as OpenAI writes them in rate-limit headers: <c>6ms</c>, <c>1s</c>, <c>1m30s</c>, <c>2h0m0.5s</c>.</summary>
internal static class OpenAIDuration
{
    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration.</param>
    /// <returns>False when <paramref name="text"/> is not a duration.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.IsEmpty)
        {
            return false;
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsLetter(text[i]) || (i < text.Length && text[i] == 'µ'))
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

            total += ms.Value;
        }

        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
