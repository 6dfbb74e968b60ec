using System.Net;
using System.Text;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Messages;

/// <summary>C71, C73, C75: every upstream status comes back with its Anthropic status and error type.</summary>
public sealed class UpstreamErrorTests : ProxyTest
{
    [Theory]
    [InlineData(400, 400, "invalid_request_error")]
    [InlineData(401, 401, "authentication_error")]
    [InlineData(402, 402, "billing_error")]
    [InlineData(403, 403, "permission_error")]
    [InlineData(404, 404, "not_found_error")]
    [InlineData(408, 408, "timeout_error")]
    [InlineData(413, 413, "request_too_large")]
    [InlineData(429, 429, "rate_limit_error")]
    [InlineData(500, 500, "api_error")]
    [InlineData(502, 502, "api_error")]
    [InlineData(503, 529, "overloaded_error")]
    [InlineData(504, 504, "timeout_error")]
    [InlineData(529, 529, "overloaded_error")]
    public async Task Status_MapsToAnthropicError_StreamingOrNot(int upstreamStatus, int expectedStatus, string expectedType)
    {
        Upstream.Chat = Script.Json(upstreamStatus, OpenAIPayloads.Error($"boom {upstreamStatus}"), ("retry-after", "7"));
        foreach (var stream in new[] { false, true })
        {
            using var response = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(stream: stream), Encoding.UTF8, "application/json"));

            var error = await AnthropicError.ReadAsync(response, (HttpStatusCode)expectedStatus);
            Assert.Equal(expectedType, error.GetProperty("type").GetString());
            Assert.Contains($"boom {upstreamStatus}", error.GetProperty("message").GetString());
            Assert.Equal(response.Headers.GetValues("request-id").Single(), (await JsonAsync(response)).GetProperty("request_id").GetString());
            Assert.Equal("7", response.Headers.GetValues("retry-after").Single());
        }
    }

    [Fact]
    public async Task HtmlErrorPage_IsShortApiError()
    {
        Upstream.Chat = Script.Raw(502, "text/html", "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>");
        using var response = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        var error = await AnthropicError.ReadAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("api_error", error.GetProperty("type").GetString());
        Assert.DoesNotContain("<html>", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UpstreamMessage_HasKeysRedacted()
    {
        Upstream.Chat = Script.Json(401, OpenAIPayloads.Error("Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz123456. You can find your API key at …", "invalid_request_error", "invalid_api_key"));
        using var response = await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz123456", (await AnthropicError.ReadAsync(response, HttpStatusCode.Unauthorized)).GetProperty("message").GetString());
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz123456", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(429, "text/plain", "Too Many Requests", 429, "rate_limit_error")]
    [InlineData(401, "text/plain", "Unauthorized", 401, "authentication_error")]
    [InlineData(503, "text/html", "<html><head><title>503 Service Temporarily Unavailable</title></head><body>nginx</body></html>", 529, "overloaded_error")]
    public async Task NonJsonErrorBody_KeepsItsStatus(int upstreamStatus, string contentType, string body, int expectedStatus, string expectedType)
    {
        // A gateway's plain-text 429 or an nginx page: no API answer, but the status still tells the client to back off or
        // that its credentials failed (C71, C73). It was a 502 api_error whatever the status.
        Upstream.Chat = Script.Raw(upstreamStatus, contentType, body);
        using var response = await PostAsync(AnthropicRequests.Simple());
        var error = await AnthropicError.ReadAsync(response, (HttpStatusCode)expectedStatus);
        Assert.Equal(expectedType, error.GetProperty("type").GetString());
        Assert.Contains($"HTTP {upstreamStatus}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamEchoingTheConfiguredKey_ReachesNeitherTheClientNorTheLog()
    {
        // vLLM's documented example key has no key-like shape; an upstream that echoes it must not hand it to the client (C75).
        const string Key = "token-abc123";
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["UPSTREAM_API_KEY"] = Key, ["VERBOSE"] = "true" });

        upstream.Chat = Script.Json(401, OpenAIPayloads.Error($"Invalid API key: {Key}"));
        using var refused = await PostAsync(AnthropicRequests.Simple(), proxy: proxy);
        var error = await AnthropicError.ReadAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid API key: [REDACTED]", error.GetProperty("message").GetString());

        upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.Error($"key {Key} was revoked", "invalid_api_key")], done: false);
        using var stream = await PostAsync(AnthropicRequests.Simple(stream: true), proxy: proxy);
        var events = await SseEvents.ReadAllAsync(stream);
        Assert.Equal("error", events[^1].Name);
        Assert.Equal("key [REDACTED] was revoked", events[^1].Data.GetProperty("error").GetProperty("message").GetString());

        Assert.Contains("[REDACTED]", proxy.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, proxy.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlPageAnswering200_Is502_StreamingOrNot()
    {
        // A captive portal or a login wall answers 200 text/html: a 502 before any event, not a 200 stream that ends in an error event.
        Upstream.Chat = Script.Raw(200, "text/html", "<html><title>Login</title><body>captive portal</body></html>");
        foreach (var stream in new[] { false, true })
        {
            using var response = await PostAsync(AnthropicRequests.Simple(stream: stream));
            Assert.Equal("api_error", await AnthropicError.TypeAsync(response, HttpStatusCode.BadGateway));
        }

        Assert.DoesNotContain("upstream_not_streaming", Proxy.Logs.All, StringComparison.Ordinal);
    }
}
