using System.Globalization;
using System.Net.Http.Headers;

namespace Protocols.Client;

/// <summary>
/// The delay a server asks for before the next attempt: <c>retry-after-ms</c> (milliseconds, OpenAI and Anthropic
/// SDK convention) wins over <c>retry-after</c>, which is either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
/// </summary>
public static class RetryAfterHeader
{
    /// <summary>
    /// The longest delay read: larger values (<c>retry-after: 1e13</c>) are this, not an overflow. A year is past any retry
    /// limit, and adding it to a time stays representable.
    /// </summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    /// <summary>Reads the delay from response headers.</summary>
    /// <param name="headers">The response headers.</param>
    /// <param name="now">The current time, for an HTTP date.</param>
    /// <returns>The delay (never negative), or null when neither header is present and valid.</returns>
    public static TimeSpan? Parse(HttpResponseHeaders headers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Parse(First(headers, "retry-after-ms"), First(headers, "retry-after"), now);
    }

    /// <summary>Reads the delay from the two header values.</summary>
    /// <param name="retryAfterMs">The <c>retry-after-ms</c> value, or null.</param>
    /// <param name="retryAfter">The <c>retry-after</c> value, or null.</param>
    /// <param name="now">The current time, for an HTTP date.</param>
    /// <returns>The delay (never negative, at most <see cref="MaxDelay"/>), or null when neither value is valid.</returns>
    public static TimeSpan? Parse(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
        {
            return Capped(ms / 1000);
        }

        var value = retryAfter?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 && double.IsFinite(seconds) ? Capped(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var date)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date))
        {
            var delay = date - now;
            return delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        }

        return null;
    }

    // TimeSpan.FromSeconds throws OverflowException past ~29,000 years: a server's 1e13 crashed every call, even a 200's.
    private static TimeSpan Capped(double seconds) => seconds >= MaxDelay.TotalSeconds ? MaxDelay : TimeSpan.FromSeconds(seconds);

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
