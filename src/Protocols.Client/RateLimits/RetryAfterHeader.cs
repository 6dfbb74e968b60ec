using System.Globalization;
using System.Net.Http.Headers;

namespace Protocols.Client;

/// <summary>
/// The delay a server asks for before the next attempt: <c>retry-after-ms</c> (milliseconds, OpenAI and Anthropic
/// SDK convention) wins over <c>retry-after</c>, which is either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
/// </summary>
public static class RetryAfterHeader
{
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
    /// <returns>The delay (never negative), or null when neither value is valid.</returns>
    public static TimeSpan? Parse(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var value = retryAfter?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 && double.IsFinite(seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var date)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date))
        {
            var delay = date - now;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
