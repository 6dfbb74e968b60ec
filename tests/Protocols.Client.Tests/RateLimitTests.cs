using System.Globalization;
using System.Net.Http.Headers;

namespace Protocols.Client.Tests;

public class RateLimitTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("6ms", 6)]
    [InlineData("1s", 1000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h0m0.5s", 7_200_500)]
    [InlineData("0.25s", 250)]
    [InlineData("1500us", 1.5)]
    [InlineData("250us", 0.25)]
    [InlineData("1h2m3.5s", 3_723_500)]
    public void Durations_parse(string text, double milliseconds)
    {
        Assert.True(OpenAIDuration.TryParse(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("m5")]
    [InlineData("99999999999999h")] // more than a TimeSpan holds: threw OverflowException
    public void Non_durations_do_not_parse(string text) => Assert.False(OpenAIDuration.TryParse(text, out _));

    [Fact]
    public void Openai_headers_convert_to_the_anthropic_set()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("x-ratelimit-limit-requests", "500");
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining-requests", "499");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset-requests", "1m30s");
        response.Headers.TryAddWithoutValidation("x-ratelimit-limit-tokens", "30000");
        response.Headers.TryAddWithoutValidation("x-ratelimit-remaining-tokens", "29950");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset-tokens", "6ms");
        response.Headers.TryAddWithoutValidation("retry-after", "2");

        var limits = RateLimitHeaders.Parse(response.Headers, Now);
        Assert.Equal(500, limits.RequestsLimit);
        Assert.Equal(499, limits.RequestsRemaining);
        Assert.Equal(TimeSpan.FromSeconds(90), limits.RequestsReset!.Value.After);
        Assert.Equal(TimeSpan.FromMilliseconds(6), limits.TokensReset!.Value.After);
        Assert.Equal(TimeSpan.FromSeconds(2), limits.RetryAfter);

        var headers = limits.ToAnthropicHeaders(Now).ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal("500", headers["anthropic-ratelimit-requests-limit"]);
        Assert.Equal("499", headers["anthropic-ratelimit-requests-remaining"]);
        Assert.Equal("2025-03-01T12:01:30Z", headers["anthropic-ratelimit-requests-reset"]);
        Assert.Equal("30000", headers["anthropic-ratelimit-tokens-limit"]);
        Assert.Equal("29950", headers["anthropic-ratelimit-tokens-remaining"]);

        // 6 ms later, rounded up to the second.
        Assert.Equal("2025-03-01T12:00:01Z", headers["anthropic-ratelimit-tokens-reset"]);
        Assert.Equal("2", headers["retry-after"]);
    }

    [Theory]
    [InlineData("6ms", "2025-03-01T12:00:01Z")]
    [InlineData("1s", "2025-03-01T12:00:01Z")]
    [InlineData("1m30s", "2025-03-01T12:01:30Z")]
    [InlineData("2h0m0.5s", "2025-03-01T14:00:01Z")]
    [InlineData("0s", "2025-03-01T12:00:00Z")]
    [InlineData("20", "2025-03-01T12:00:20Z")]
    [InlineData("1740830460", "2025-03-01T12:01:00Z")]
    [InlineData("1740830460500", "2025-03-01T12:01:01Z")]
    public void Resets_become_rfc3339_times_rounded_up_to_the_second(string value, string expected)
    {
        var limits = RateLimitHeaders.Parse(name => name == "x-ratelimit-reset-requests" ? value : null, Now);
        var headers = limits.ToAnthropicHeaders(Now).ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal(expected, headers["anthropic-ratelimit-requests-reset"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("-5")]
    [InlineData("1e20")] // past any DateTimeOffset: threw
    [InlineData("Infinity")]
    [InlineData("99999999999999h")]
    public void Unknown_resets_are_dropped(string value)
    {
        var limits = RateLimitHeaders.Parse(name => name switch
        {
            "x-ratelimit-reset-tokens" => value,
            "x-ratelimit-limit-tokens" => "100",
            _ => null,
        }, Now);
        Assert.Null(limits.TokensReset);
        Assert.Equal(new KeyValuePair<string, string>[] { new("anthropic-ratelimit-tokens-limit", "100") }, limits.ToAnthropicHeaders(Now));
    }

    [Fact]
    public void A_relaying_host_can_leave_retry_after_out()
    {
        var limits = RateLimitHeaders.Parse(name => name switch
        {
            "x-ratelimit-remaining-requests" => "7",
            "retry-after" => "2.5",
            _ => null,
        }, Now);

        Assert.Equal("3", limits.ToAnthropicHeaders(Now).Single(h => h.Key == "retry-after").Value);
        Assert.Equal(new KeyValuePair<string, string>[] { new("anthropic-ratelimit-requests-remaining", "7") }, limits.ToAnthropicHeaders(Now, includeRetryAfter: false));
        Assert.Equal(limits.ToAnthropicHeaders(Now), limits.ToAnthropicHeaders(Now, includeRetryAfter: true));
    }

    [Fact]
    public void Absolute_unix_resets_are_kept_as_times()
    {
        var reset = RateLimitReset.Parse("1740830460000");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1740830460000), reset!.Value.ToTime(Now));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1740830460), RateLimitReset.Parse("1740830460")!.Value.ToTime(Now));
    }

    [Fact]
    public void No_headers_is_empty()
    {
        using var response = new HttpResponseMessage();
        var limits = RateLimitHeaders.Parse(response.Headers, Now);
        Assert.True(limits.IsEmpty);
        Assert.Empty(limits.ToAnthropicHeaders(Now));
    }

    [Theory]
    [InlineData(null, "3", 3000)]
    [InlineData(null, "1.5", 1500)]
    [InlineData("250", null, 250)]
    [InlineData("250", "30", 250)]
    [InlineData(null, "-4", null)]
    [InlineData(null, "soon", null)]
    [InlineData(null, "Infinity", null)]
    public void Retry_after_seconds_and_milliseconds(string? ms, string? seconds, int? expected) =>
        Assert.Equal(expected, (int?)RetryAfterHeader.Parse(ms, seconds, Now)?.TotalMilliseconds);

    [Theory]
    [InlineData(null, "1e13")]
    [InlineData("1e16", null)]
    [InlineData(null, "Fri, 31 Dec 9999 23:59:59 GMT")]
    public void A_retry_after_past_a_year_is_a_year_not_an_overflow(string? ms, string? seconds) =>
        Assert.Equal(RetryAfterHeader.MaxDelay, RetryAfterHeader.Parse(ms, seconds, Now));

    [Fact]
    public void Retry_after_http_date()
    {
        var date = Now.AddSeconds(7).ToString("r", CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHeader.Parse(null, date, Now));

        // A date in the past means "now".
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Parse(null, Now.AddSeconds(-7).ToString("r", CultureInfo.InvariantCulture), Now));

        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(1));
        Assert.Equal(TimeSpan.FromMinutes(1), RetryAfterHeader.Parse(response.Headers, Now));
    }
}
