using System.Globalization;
using System.Net;
using System.Text;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Endpoints;

/// <summary>C78: request-id everywhere, rate-limit headers renamed, any auth header and version accepted.</summary>
public sealed class HeadersTests : ProxyTest
{
    [Theory]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/v1/models")]
    [InlineData("GET", "/nowhere")]
    [InlineData("PUT", "/v1/messages")]
    [InlineData("POST", "/v1/messages")]
    public async Task C78_EveryResponse_CarriesARequestId(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using var response = await Proxy.Http.SendAsync(request);
        Assert.StartsWith("req_", response.Headers.GetValues("request-id").Single());
    }

    [Fact]
    public async Task C78_RateLimitHeaders_AreRenamed_AndResetsBecomeRfc3339Times()
    {
        Upstream.Chat = Script.Json(200, OpenAIPayloads.TextCompletion("ok"),
            ("x-ratelimit-limit-requests", "500"), ("x-ratelimit-remaining-requests", "499"), ("x-ratelimit-reset-requests", "1m30s"),
            ("x-ratelimit-limit-tokens", "30000"), ("x-ratelimit-remaining-tokens", "29000"), ("x-ratelimit-reset-tokens", "6ms"));
        var before = DateTimeOffset.UtcNow;
        using var response = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));

        string H(string name) => response.Headers.GetValues(name).Single();
        Assert.Equal("500", H("anthropic-ratelimit-requests-limit"));
        Assert.Equal("499", H("anthropic-ratelimit-requests-remaining"));
        Assert.Equal("30000", H("anthropic-ratelimit-tokens-limit"));
        Assert.Equal("29000", H("anthropic-ratelimit-tokens-remaining"));
        var reset = DateTimeOffset.Parse(H("anthropic-ratelimit-requests-reset"), CultureInfo.InvariantCulture);
        Assert.InRange(reset, before.AddSeconds(89), before.AddSeconds(92));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", H("anthropic-ratelimit-tokens-reset"));
        Assert.False(response.Headers.Contains("x-ratelimit-limit-requests"));
    }

    [Fact]
    public async Task AbsurdRateLimitValues_AreDropped_TheAnswerStillServed()
    {
        // Resets past what a time holds (1e20, Infinity, 99999999999999h) and retry-after 1e13 threw OverflowException in the
        // header conversion: a 200 answer became the proxy's unexpected 500.
        Upstream.Chat = Script.Json(200, OpenAIPayloads.TextCompletion("ok"),
            ("x-ratelimit-limit-requests", "500"), ("x-ratelimit-reset-requests", "1e20"), ("x-ratelimit-reset-tokens", "99999999999999h"),
            ("retry-after", "1e13"), ("retry-after-ms", "Infinity"));
        using var response = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("500", response.Headers.GetValues("anthropic-ratelimit-requests-limit").Single());
        Assert.False(response.Headers.Contains("anthropic-ratelimit-requests-reset"));
        Assert.False(response.Headers.Contains("anthropic-ratelimit-tokens-reset"));
        Assert.Equal("1e13", response.Headers.GetValues("retry-after").Single());
    }

    [Fact]
    public async Task RateLimitHeaders_AreOnErrorsAndStreamsToo_AndRetryAfterPassesThroughAsWritten()
    {
        // An HTTP date (in the past) stays that date: it is not re-derived into seconds (C73).
        const string retryAfter = "Wed, 21 Oct 2015 07:28:00 GMT";
        Upstream.Chat = Script.Json(429, OpenAIPayloads.Error("slow down", "rate_limit_exceeded"),
            ("x-ratelimit-limit-requests", "500"), ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "20"),
            ("x-ratelimit-reset-tokens", "soon"), ("retry-after", retryAfter));
        foreach (var stream in new[] { false, true })
        {
            var before = DateTimeOffset.UtcNow;
            using var response = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(stream: stream), Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("500", response.Headers.GetValues("anthropic-ratelimit-requests-limit").Single());
            Assert.Equal("0", response.Headers.GetValues("anthropic-ratelimit-requests-remaining").Single());
            var reset = DateTimeOffset.Parse(response.Headers.GetValues("anthropic-ratelimit-requests-reset").Single(), CultureInfo.InvariantCulture);
            Assert.InRange(reset, before.AddSeconds(19), before.AddSeconds(22));
            Assert.False(response.Headers.Contains("anthropic-ratelimit-tokens-reset"));
            Assert.Equal(retryAfter, response.Headers.NonValidated["retry-after"].ToString());
        }

        Upstream.Chat = Script.Sse(OpenAIPayloads.TextStream("Hi"), headers: [("x-ratelimit-limit-tokens", "30000"), ("x-ratelimit-remaining-tokens", "29990"), ("retry-after", "3")]);
        using var streamed = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(stream: true), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.StartsWith("text/event-stream", streamed.Content.Headers.ContentType!.ToString());
        Assert.Equal("30000", streamed.Headers.GetValues("anthropic-ratelimit-tokens-limit").Single());
        Assert.Equal("29990", streamed.Headers.GetValues("anthropic-ratelimit-tokens-remaining").Single());
        Assert.Equal("3", streamed.Headers.NonValidated["retry-after"].ToString());
        Assert.False(streamed.Headers.Contains("x-ratelimit-limit-tokens"));
    }

    [Fact]
    public async Task C78_AnyAuthHeaderVersionAndBeta_AndBetaQuery_AreAccepted()
    {
        foreach (var (name, value) in new[] { ("x-api-key", "sk-ant-xyz"), ("Authorization", "Bearer sk-ant-xyz") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true")
            {
                Content = new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(name, value);
            request.Headers.Add("anthropic-version", "2099-01-01");
            request.Headers.Add("anthropic-beta", "made-up-beta-1,another-2");
            using var response = await Proxy.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The client's Anthropic credential never reaches the OpenAI upstream.
        Assert.All(Upstream.Requests, r => Assert.Equal("Bearer sk-upstream-secret-0123456789", r.Headers["authorization"]));
        Assert.All(Upstream.Requests, r => Assert.False(r.Headers.ContainsKey("x-api-key")));
    }

    [Fact]
    public async Task TraceContext_IsPassedOnWhenTheClientSendsOne_AndNeverInvented()
    {
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using (var traced = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json") })
        {
            traced.Headers.TryAddWithoutValidation("traceparent", parent);
            traced.Headers.TryAddWithoutValidation("tracestate", "vendor=abc");
            using var response = await Proxy.Http.SendAsync(traced);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(parent, Upstream.LastChat.Headers["traceparent"]);
        Assert.Equal("vendor=abc", Upstream.LastChat.Headers["tracestate"]);

        using (var plain = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        }

        // No trace of the proxy's own: nothing the client did not send.
        Assert.False(Upstream.LastChat.Headers.ContainsKey("traceparent"));
        Assert.False(Upstream.LastChat.Headers.ContainsKey("tracestate"));

        using var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        models.Headers.TryAddWithoutValidation("traceparent", parent);
        using (var listed = await Proxy.Http.SendAsync(models))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }

        Assert.Equal(parent, Upstream.Requests.Last(r => r.Path.EndsWith("/models", StringComparison.Ordinal)).Headers["traceparent"]);
    }
}
