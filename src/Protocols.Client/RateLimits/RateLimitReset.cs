namespace Protocols.Client;

/// <summary>
/// When a rate-limit window resets: OpenAI gives a duration (<c>1m30s</c>), some gateways an absolute Unix time
/// (seconds or milliseconds). Exactly one of <see cref="After"/> and <see cref="At"/> is set.
/// </summary>
/// <param name="After">The reset as a delay from when the response was received.</param>
/// <param name="At">The reset as an absolute time.</param>
public readonly record struct RateLimitReset(TimeSpan? After, DateTimeOffset? At)
{
    /// <summary>The reset time, in UTC, relative to <paramref name="now"/> for a delay.</summary>
    /// <param name="now">The time the response was received.</param>
    /// <returns>The reset time.</returns>
    public DateTimeOffset ToTime(DateTimeOffset now) => At ?? now.ToUniversalTime() + (After ?? TimeSpan.Zero);

    // 9999-12-31T23:59:59.999Z, the last instant DateTimeOffset.FromUnixTimeMilliseconds accepts.
    private const double MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>Parses a reset value: a duration, plain seconds, or a Unix time in seconds or milliseconds.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The reset, or null when the value is not understood.</returns>
    public static RateLimitReset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var v = value.Trim();
        if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 0)
        {
            if (!double.IsFinite(number) || number > MaxUnixMilliseconds)
            {
                // "Infinity", 1e20: past any time a DateTimeOffset holds (it threw): not understood, like any other value.
                return null;
            }

            // Plain numbers: small ones are seconds from now; large ones an absolute Unix time (s, or ms past 1e12).
            return number switch
            {
                > 1_000_000_000_000 => new RateLimitReset(null, DateTimeOffset.FromUnixTimeMilliseconds((long)number)),
                > 1_000_000_000 => new RateLimitReset(null, DateTimeOffset.FromUnixTimeMilliseconds((long)(number * 1000))),
                _ => new RateLimitReset(TimeSpan.FromSeconds(number), null),
            };
        }

        return OpenAIDuration.TryParse(v, out var duration) ? new RateLimitReset(duration, null) : null;
    }
}
