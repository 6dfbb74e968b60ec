using System.Net;
using System.Text;
using Protocols.Proxy.Tests.Infrastructure;
using Protocols.Testing;
using Xunit;

namespace Protocols.Proxy.Tests.Messages;

/// <summary>End to end, non-streaming: client → proxy (Kestrel) → fake OpenAI upstream (Kestrel) → back.</summary>
public sealed class NonStreamingTests : ProxyTest
{
    [Fact]
    public async Task Text_RoundTrip_InAnthropicShape_WithUpstreamAuthAndEchoedModel()
    {
        Upstream.Chat = Script.Json(200, OpenAIPayloads.TextCompletion("Hello there!", prompt: 20, completion: 4));
        using var response = await PostAsync(AnthropicRequests.Simple("Hi"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.StartsWith("msg_", body.GetProperty("id").GetString());
        Assert.Equal("claude-sonnet-4-5", body.GetProperty("model").GetString());
        Assert.Equal("Hello there!", body.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", body.GetProperty("stop_reason").GetString());
        Assert.Equal(20, body.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(4, body.GetProperty("usage").GetProperty("output_tokens").GetInt32());

        var sent = Upstream.LastChat;
        Assert.Equal("Bearer sk-upstream-secret-0123456789", sent.Headers["authorization"]);
        using var json = sent.Json();
        Assert.Equal("Hi", json.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.True(response.Headers.Contains("request-id"));
    }

    [Fact]
    public async Task UpstreamStreamingAlthoughAskedNotTo_IsGatheredIntoTheMessage()
    {
        // Some servers always stream: the events are added up into the one message the client asked for.
        Upstream.Chat = Script.Sse([
            OpenAIPayloads.RoleChunk(),
            OpenAIPayloads.TextChunk("Checking "),
            OpenAIPayloads.TextChunk("both."),
            OpenAIPayloads.ToolCallChunk(0, "call_a", "get_weather", ""),
            OpenAIPayloads.ToolCallChunk(1, "call_b", "get_time", "{\"tz\":\"CET\"}"),
            OpenAIPayloads.ToolCallChunk(0, null, null, "{\"city\":\"Paris\"}"),
            OpenAIPayloads.FinishChunk("tool_calls"),
            OpenAIPayloads.UsageChunk(40, 20),
        ]);
        using var response = await PostAsync(AnthropicRequests.WithTools());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        var body = await JsonAsync(response);
        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.StartsWith("msg_", body.GetProperty("id").GetString());
        var content = body.GetProperty("content");
        Assert.Equal(3, content.GetArrayLength());
        Assert.Equal("Checking both.", content[0].GetProperty("text").GetString());
        Assert.Equal(("call_a", "get_weather", "Paris"), (content[1].GetProperty("id").GetString(), content[1].GetProperty("name").GetString(), content[1].GetProperty("input").GetProperty("city").GetString()));
        Assert.Equal(("call_b", "get_time", "CET"), (content[2].GetProperty("id").GetString(), content[2].GetProperty("name").GetString(), content[2].GetProperty("input").GetProperty("tz").GetString()));
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        Assert.Equal(40, body.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(20, body.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        await Eventually.UntilAsync(() => Proxy.Logs.Lines.Any(l => l.Contains("RequestTracking", StringComparison.Ordinal) && l.Contains("outcome=upstream_streamed", StringComparison.Ordinal)));
        Assert.Single(Proxy.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("answered a non-streaming request with an event stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamStreamingAlthoughAskedNotTo_FailingMidStream_IsAnAnthropicError()
    {
        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.TextChunk("partial")], dropAfter: true);
        using var dropped = await PostAsync(AnthropicRequests.Simple());
        Assert.Equal("api_error", await AnthropicError.TypeAsync(dropped, HttpStatusCode.BadGateway));

        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.Error("rate limited upstream", "rate_limit_exceeded")], done: false);
        using var inStream = await PostAsync(AnthropicRequests.Simple());
        var error = await AnthropicError.ReadAsync(inStream, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Contains("rate limited upstream", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), "{\"choices\": ["]);
        using var garbage = await PostAsync(AnthropicRequests.Simple());
        Assert.Equal(HttpStatusCode.BadGateway, garbage.StatusCode);
        Assert.Contains("malformed stream chunk", (await JsonAsync(garbage)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_ToolCallsBecomeToolUseBlocks()
    {
        Upstream.Chat = Script.Json(200, OpenAIPayloads.Completion("gpt-4o",
            $$"""{"role":"assistant","content":null,"tool_calls":[{{OpenAIPayloads.ToolCall("call_1", "get_weather", """{"city":"Paris"}""")}}]}""", "tool_calls"));
        using var response = await PostAsync(AnthropicRequests.WithTools());

        var body = await JsonAsync(response);
        Assert.Equal("tool_use", body.GetProperty("stop_reason").GetString());
        var block = body.GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal("get_weather", block.GetProperty("name").GetString());
        Assert.Equal("Paris", block.GetProperty("input").GetProperty("city").GetString());

        using var sent = Upstream.LastChat.Json();
        var tools = sent.RootElement.GetProperty("tools");
        Assert.Equal(2, tools.GetArrayLength());
        Assert.Equal("function", tools[0].GetProperty("type").GetString());
        Assert.Equal("get_weather", tools[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ParallelToolCalls_AllBecomeBlocksInOrder()
    {
        Upstream.Chat = Script.Json(200, OpenAIPayloads.Completion("gpt-4o",
            $$"""{"role":"assistant","content":"Checking both.","tool_calls":[{{OpenAIPayloads.ToolCall("call_1", "get_weather", """{"city":"Paris"}""")}},{{OpenAIPayloads.ToolCall("call_2", "get_time", """{"city":"Paris"}""")}}]}""", "tool_calls"));
        using var response = await PostAsync(AnthropicRequests.WithTools());

        var content = (await JsonAsync(response)).GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text", "tool_use", "tool_use"], content.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(["get_weather", "get_time"], content.Skip(1).Select(b => b.GetProperty("name").GetString()));
        Assert.NotEqual(content[1].GetProperty("id").GetString(), content[2].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Thinking_ReasoningContentBecomesThinkingBlock_AndEffortIsSent()
    {
        await using var proxy = await TestProxy.StartAsync(Upstream, new Dictionary<string, string?> { ["REASONING_MODEL"] = "o3-mini" });
        Upstream.Chat = Script.Json(200, OpenAIPayloads.Completion("o3-mini",
            """{"role":"assistant","content":"4","reasoning_content":"2+2 is 4."}""", "stop"));
        using var response = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.WithThinking(), Encoding.UTF8, "application/json"));

        var content = (await JsonAsync(response)).GetProperty("content").EnumerateArray().ToList();
        Assert.Equal("thinking", content[0].GetProperty("type").GetString());
        Assert.Equal("2+2 is 4.", content[0].GetProperty("thinking").GetString());
        Assert.True(content[0].TryGetProperty("signature", out _));
        Assert.Equal("4", content[1].GetProperty("text").GetString());

        using var sent = Upstream.LastChat.Json();
        Assert.Equal("o3-mini", sent.RootElement.GetProperty("model").GetString());
        Assert.Equal("medium", sent.RootElement.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public async Task Images_AreSentAsDataUris()
    {
        using var response = await PostAsync(AnthropicRequests.WithImage());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var sent = Upstream.LastChat.Json();
        var parts = sent.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray().ToList();
        var image = parts.Single(p => p.GetProperty("type").GetString() == "image_url");
        Assert.Equal("data:image/png;base64," + AnthropicRequests.TinyPng, image.GetProperty("image_url").GetProperty("url").GetString());
    }

    [Fact]
    public async Task MalformedRequest_Is400NamingTheField()
    {
        using var response = await PostAsync("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"x"}]}""");
        var error = await AnthropicError.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("max_tokens", error.GetProperty("message").GetString());
        Assert.Empty(Upstream.Requests);

        using var bad = await PostAsync("{not json");
        Assert.Equal("invalid_request_error", await AnthropicError.TypeAsync(bad, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task UpstreamOkWithoutChoices_Is502ApiError()
    {
        Upstream.Chat = Script.Json(200, """{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}""");
        using var response = await PostAsync(AnthropicRequests.Simple());
        Assert.Equal("api_error", await AnthropicError.TypeAsync(response, HttpStatusCode.BadGateway));
    }

    [Fact]
    public async Task UpstreamUnreachable_Is502_AndSlowUpstream_Is504()
    {
        await using var dead = await TestProxy.StartAsync(null, new Dictionary<string, string?> { ["UPSTREAM_BASE_URL"] = "http://127.0.0.1:9/v1" });
        using var r1 = await dead.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.Equal("api_error", await AnthropicError.TypeAsync(r1, HttpStatusCode.BadGateway));

        await using var slow = await TestProxy.StartAsync(Upstream, new Dictionary<string, string?> { ["UPSTREAM_FIRST_BYTE_TIMEOUT"] = "300ms" });
        Upstream.Chat = Script.Hang();
        using var r2 = await slow.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.Equal("timeout_error", await AnthropicError.TypeAsync(r2, HttpStatusCode.GatewayTimeout));
        await Upstream.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task UpstreamBodyArrivingSlowly_IsReadToItsEnd_TheIdleTimeoutIsBetweenPieces()
    {
        // Keep-alive whitespace before the JSON (as OpenRouter sends for a slow model) for 3 s with a 1 s idle timeout: the
        // body was read in one call whose time counted from the headers, so this was a 504.
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Chat = async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync();
            for (var i = 0; i < 10; i++)
            {
                await context.Response.Body.WriteAsync("\n"u8.ToArray());
                await context.Response.Body.FlushAsync();
                await Task.Delay(300);
            }

            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(OpenAIPayloads.TextCompletion("slow but steady")));
        };
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["UPSTREAM_IDLE_TIMEOUT"] = "1s" });

        using var response = await PostAsync(AnthropicRequests.Simple(), proxy: proxy);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("slow but steady", (await JsonAsync(response)).GetProperty("content")[0].GetProperty("text").GetString());

        // A body that really stops is still cut off after the idle timeout.
        upstream.Chat = async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync("{\"id\":"u8.ToArray());
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };
        using var stopped = await PostAsync(AnthropicRequests.Simple(), proxy: proxy);
        Assert.Equal("timeout_error", await AnthropicError.TypeAsync(stopped, HttpStatusCode.GatewayTimeout));
    }

    [Theory]
    [InlineData("/v1/messages", "{")]
    [InlineData("/v1/messages", "[]")]
    [InlineData("/v1/messages", "")]
    [InlineData("/v1/messages", "null")]
    [InlineData("/v1/messages", "\"hi\"")]
    [InlineData("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":1e400,"messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":99999999999999999999999,"messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":256}""")]
    [InlineData("/v1/messages", """{"max_tokens":256,"messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":256,"stream":"yes","messages":[{"role":"user","content":"Hi"}]}""")]
    [InlineData("/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hi"}]} trailing""")]
    [InlineData("/v1/messages/count_tokens", "{")]
    [InlineData("/v1/messages/count_tokens", "[]")]
    [InlineData("/v1/messages/count_tokens", "")]
    [InlineData("/v1/messages/count_tokens", """{"model":"claude-sonnet-4-5"}""")]
    [InlineData("/v1/messages/count_tokens", """{"messages":[{"role":"user","content":"Hi"}]}""")]
    public async Task MalformedBody_Is400InvalidRequest_AndNeverReachesTheUpstream(string path, string body)
    {
        // C74: bad JSON, the wrong JSON type, numbers out of range, missing or mistyped members, trailing bytes.
        using var response = await PostAsync(body, path);
        Assert.Equal("invalid_request_error", await AnthropicError.TypeAsync(response, HttpStatusCode.BadRequest));
        Assert.Empty(Upstream.Requests);
    }
}
