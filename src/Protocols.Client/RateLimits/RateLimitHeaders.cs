using System.Globalization;
using System.Net.Http.Headers;

namespace Protocols.Client;

/// <summary>
/// An upstream's rate-limit state from OpenAI-style headers (<c>x-ratelimit-{limit,remaining,reset}-{requests,tokens}</c>
/// and <c>retry-after</c>/<c>retry-after-ms</c>), convertible to Anthropic's <c>anthropic-ratelimit-*</c> set (C78).
/// Shared with the proxy, which copies <see cref="ToAnthropicHeaders(DateTimeOffset, bool)"/> onto its responses (with the upstream's own <c>retry-after</c>).
/// </summary>
public sealed record RateLimitHeaders
{
    /// <summary>No rate-limit headers were present.</summary>
    public static RateLimitHeaders Empty { get; } = new();

    /// <summary><c>x-ratelimit-limit-requests</c>.</summary>
    public long? RequestsLimit { get; init; }

    /// <summary><c>x-ratelimit-remaining-requests</c>.</summary>
    public long? RequestsRemaining { get; init; }

    /// <summary><c>x-ratelimit-reset-requests</c>.</summary>
    public RateLimitReset? RequestsReset { get; init; }

    /// <summary><c>x-ratelimit-limit-tokens</c>.</summary>
    public long? TokensLimit { get; init; }

    /// <summary><c>x-ratelimit-remaining-tokens</c>.</summary>
    public long? TokensRemaining { get; init; }

    /// <summary><c>x-ratelimit-reset-tokens</c>.</summary>
    public RateLimitReset? TokensReset { get; init; }

    /// <summary>The delay the server asked for (<c>retry-after-ms</c>, or <c>retry-after</c> in seconds or as an HTTP date).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Whether no value was present.</summary>
    public bool IsEmpty => this == Empty;

    /// <summary>Reads the headers of an upstream response.</summary>
    /// <param name="headers">The response headers.</param>
    /// <param name="now">The time the response was received (for a <c>retry-after</c> HTTP date); null for the system clock.</param>
    /// <returns>The values found; <see cref="Empty"/> when there are none.</returns>
    public static RateLimitHeaders Parse(HttpResponseHeaders headers, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Parse(name => headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null, now);
    }

    /// <summary>Reads rate-limit headers through a lookup (for hosts whose header collection is not <see cref="HttpResponseHeaders"/>).</summary>
    /// <param name="header">Returns a header's value by (lower-case) name, or null.</param>
    /// <param name="now">The time the response was received; null for the system clock.</param>
    /// <returns>The values found; <see cref="Empty"/> when there are none.</returns>
    public static RateLimitHeaders Parse(Func<string, string?> header, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var result = new RateLimitHeaders
        {
            RequestsLimit = Long(header("x-ratelimit-limit-requests")),
            RequestsRemaining = Long(header("x-ratelimit-remaining-requests")),
            RequestsReset = RateLimitReset.Parse(header("x-ratelimit-reset-requests")),
            TokensLimit = Long(header("x-ratelimit-limit-tokens")),
            TokensRemaining = Long(header("x-ratelimit-remaining-tokens")),
            TokensReset = RateLimitReset.Parse(header("x-ratelimit-reset-tokens")),
            RetryAfter = RetryAfterHeader.Parse(header("retry-after-ms"), header("retry-after"), now ?? DateTimeOffset.UtcNow),
        };
        return result == Empty ? Empty : result;
    }

    /// <summary>
    /// The Anthropic header set: <c>anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}</c> (resets as
    /// RFC 3339 UTC times, rounded up to the second) and <c>retry-after</c> in whole seconds, rounded up.
    /// </summary>
    /// <param name="now">The time the upstream response was received.</param>
    /// <returns>Name/value pairs, only for the values present.</returns>
    public IReadOnlyList<KeyValuePair<string, string>> ToAnthropicHeaders(DateTimeOffset now) => ToAnthropicHeaders(now, includeRetryAfter: true);

    /// <summary>
    /// The Anthropic header set, optionally without <c>retry-after</c>: a host relaying the upstream's response
    /// (the proxy) passes the upstream's own <c>retry-after</c> through as written (an HTTP date stays a date)
    /// instead of the rounded-up seconds derived here.
    /// </summary>
    /// <param name="now">The time the upstream response was received.</param>
    /// <param name="includeRetryAfter">Whether to add <c>retry-after</c> (whole seconds, rounded up) when <see cref="RetryAfter"/> is known.</param>
    /// <returns>Name/value pairs, only for the values present.</returns>
    public IReadOnlyList<KeyValuePair<string, string>> ToAnthropicHeaders(DateTimeOffset now, bool includeRetryAfter)
    {
        var list = new List<KeyValuePair<string, string>>(7);
        Add(list, "anthropic-ratelimit-requests-limit", RequestsLimit);
        Add(list, "anthropic-ratelimit-requests-remaining", RequestsRemaining);
        Add(list, "anthropic-ratelimit-requests-reset", RequestsReset, now);
        Add(list, "anthropic-ratelimit-tokens-limit", TokensLimit);
        Add(list, "anthropic-ratelimit-tokens-remaining", TokensRemaining);
        Add(list, "anthropic-ratelimit-tokens-reset", TokensReset, now);
        if (includeRetryAfter && RetryAfter is { } retry)
        {
            list.Add(new("retry-after", ((long)Math.Ceiling(Math.Max(0, retry.TotalSeconds))).ToString(CultureInfo.InvariantCulture)));
        }

        return list;
    }

    private static void Add(List<KeyValuePair<string, string>> list, string name, long? value)
    {
        if (value is { } v)
        {
            list.Add(new(name, v.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void Add(List<KeyValuePair<string, string>> list, string name, RateLimitReset? reset, DateTimeOffset now)
    {
        if (reset is { } r)
        {
            list.Add(new(name, RoundUp(r.ToTime(now)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        }
    }

    private static DateTimeOffset RoundUp(DateTimeOffset t)
    {
        t = t.ToUniversalTime();
        var ticks = t.Ticks % TimeSpan.TicksPerSecond;
        return ticks == 0 ? t : t.AddTicks(TimeSpan.TicksPerSecond - ticks);
    }

    private static long? Long(string? value) =>
        long.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
