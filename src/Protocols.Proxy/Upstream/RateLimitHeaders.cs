using System.Globalization;

namespace Protocols.Proxy.Upstream;

/// <summary>
/// OpenAI's rate-limit headers in Anthropic's names (C78): <c>x-ratelimit-{limit,remaining,reset}-{requests,tokens}</c>
/// → <c>anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}</c>. OpenAI gives the reset as a
/// duration (<c>1m30s</c>, <c>6ms</c>); Anthropic as an RFC 3339 time, so the duration is added to now.
/// <c>retry-after</c> is passed through unchanged.
/// </summary>
internal static class RateLimitHeaders
{
    private static readonly (string From, string To, bool IsReset)[] Map =
    [
        ("x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit", false),
        ("x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining", false),
        ("x-ratelimit-reset-requests", "anthropic-ratelimit-requests-reset", true),
        ("x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit", false),
        ("x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining", false),
        ("x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset", true),
    ];

    /// <summary>Copies the converted headers onto the response.</summary>
    /// <param name="upstream">The upstream response.</param>
    /// <param name="response">The client response.</param>
    /// <param name="now">The current time.</param>
    public static void Apply(HttpResponseMessage upstream, HttpResponse response, DateTimeOffset now)
    {
        foreach (var (from, to, isReset) in Map)
        {
            if (!upstream.Headers.TryGetValues(from, out var values))
            {
                continue;
            }

            var value = values.FirstOrDefault();
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!isReset)
            {
                response.Headers[to] = value.Trim();
            }
            else if (ResetTime(value, now) is { } reset)
            {
                response.Headers[to] = reset.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
        }

        if (upstream.Headers.TryGetValues("retry-after", out var retry))
        {
            response.Headers.RetryAfter = retry.FirstOrDefault();
        }
    }

    /// <summary>The reset time for an OpenAI reset value, in UTC, rounded up to the second.</summary>
    /// <param name="value">A duration (<c>1m30s</c>, <c>6ms</c>, <c>2h0m0.5s</c>), plain seconds, or an epoch time.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The time, or null when the value is not understood.</returns>
    public static DateTimeOffset? ResetTime(string value, DateTimeOffset now)
    {
        var v = value.Trim();
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            // Plain numbers: seconds from now, or an absolute Unix time.
            return number > 1_000_000_000
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(number * 1000)).ToUniversalTime()
                : RoundUp(now.ToUniversalTime().AddSeconds(number));
        }

        return OpenAIDuration.TryParse(v, out var duration) ? RoundUp(now.ToUniversalTime() + duration) : null;
    }

    private static DateTimeOffset RoundUp(DateTimeOffset t)
    {
        var ticks = t.Ticks % TimeSpan.TicksPerSecond;
        return ticks == 0 ? t : t.AddTicks(TimeSpan.TicksPerSecond - ticks);
    }
}
