using Protocols.Proxy.Upstream;
using Xunit;

namespace Protocols.Proxy.Tests.Upstream;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("6ms", "2025-03-01T12:00:01Z")]
    [InlineData("1s", "2025-03-01T12:00:01Z")]
    [InlineData("1m30s", "2025-03-01T12:01:30Z")]
    [InlineData("2h0m0.5s", "2025-03-01T14:00:01Z")]
    [InlineData("0s", "2025-03-01T12:00:00Z")]
    [InlineData("20", "2025-03-01T12:00:20Z")]
    public void Reset_DurationBecomesAbsoluteTime(string value, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RateLimitHeaders.ResetTime(value, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5x")]
    public void Reset_Unknown_IsDropped(string value) => Assert.Null(RateLimitHeaders.ResetTime(value, Now));

    [Fact]
    public void Duration_ParsesGoStyle()
    {
        Assert.True(OpenAIDuration.TryParse("1h2m3.5s", out var d));
        Assert.Equal(new TimeSpan(0, 1, 2, 3, 500), d);
        Assert.True(OpenAIDuration.TryParse("250us", out d));
        Assert.Equal(TimeSpan.FromMicroseconds(250), d);
    }
}
