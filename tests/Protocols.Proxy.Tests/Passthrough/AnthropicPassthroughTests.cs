using System.Net;
using System.Text;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Passthrough;

/// <summary><c>BACKEND=anthropic</c>: the request and the answer cross the proxy byte for byte.</summary>
public sealed class AnthropicPassthroughTests
{
    private const string Body = """{"model":"claude-sonnet-4-5","max_tokens":16,  "messages":[{"role":"user","content":"exact  bytes ✓"}]}""";

    [Fact]
    public async Task RequestAndResponse_AreForwardedByteForByte_WithAnthropicHeaders()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        const string answer = """{"id":"msg_real","type":"message","role":"assistant","content":[{"type":"text","text":"kept  as is"}],"model":"claude-sonnet-4-5","stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":2}}""";
        upstream.Chat = Script.Json(200, answer, ("anthropic-ratelimit-requests-limit", "50"), ("request-id", "req_upstream"));
        await using var proxy = await TestProxy.StartAsync(null, new Dictionary<string, string?> { ["BACKEND"] = "anthropic", ["UPSTREAM_BASE_URL"] = upstream.Root });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("x-api-key", "sk-ant-client");
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "interleaved-thinking-2025-05-14");
        using var response = await proxy.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
        Assert.Equal("50", response.Headers.GetValues("anthropic-ratelimit-requests-limit").Single());
        Assert.Equal("req_upstream", response.Headers.GetValues("request-id").Single());

        var sent = upstream.LastChat;
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal("?beta=true", sent.Query);
        Assert.Equal(Encoding.UTF8.GetBytes(Body), sent.Body);
        Assert.Equal("sk-ant-client", sent.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.Equal("interleaved-thinking-2025-05-14", sent.Headers["anthropic-beta"]);
    }

    [Fact]
    public async Task Streams_AndErrors_PassThroughUnchanged_WithTheConfiguredKey()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        const string sse = "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n";
        upstream.Chat = Script.Raw(200, "text/event-stream", sse);
        await using var proxy = await TestProxy.StartAsync(null, new Dictionary<string, string?>
        {
            ["BACKEND"] = "anthropic",
            ["UPSTREAM_BASE_URL"] = upstream.Root + "/v1",
            ["UPSTREAM_API_KEY"] = "sk-ant-server",
        });

        using var response = await proxy.Http.PostAsync("/v1/messages", new StringContent(Body, Encoding.UTF8, "application/json"));
        Assert.Equal(sse, await response.Content.ReadAsStringAsync());
        Assert.Equal("sk-ant-server", upstream.LastChat.Headers["x-api-key"]);

        const string error = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";
        upstream.Chat = Script.Json(529, error);
        using var failed = await proxy.Http.PostAsync("/v1/messages", new StringContent(Body, Encoding.UTF8, "application/json"));
        Assert.Equal(529, (int)failed.StatusCode);
        Assert.Equal(error, await failed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GatewayPath_InTheBaseUrl_IsKept()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        const string answer = """{"id":"msg_gw","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""";
        upstream.Chat = Script.Json(200, answer);
        await using var proxy = await TestProxy.StartAsync(null, new Dictionary<string, string?> { ["BACKEND"] = "anthropic", ["UPSTREAM_BASE_URL"] = upstream.Root + "/gateway/anthropic/v1" });

        using var response = await proxy.Http.PostAsync("/v1/messages?beta=true", new StringContent(Body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
        Assert.Equal("/gateway/anthropic/v1/messages", upstream.LastChat.Path);
        Assert.Equal("?beta=true", upstream.LastChat.Query);
    }
}
