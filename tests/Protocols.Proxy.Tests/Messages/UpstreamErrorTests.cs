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
}
