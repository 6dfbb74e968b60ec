using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Protocols.Proxy.Tests.Infrastructure;
using Protocols.Testing;
using Xunit;

namespace Protocols.Proxy.Tests.Messages;

/// <summary>End to end, streaming (C53–C72 as seen from a client).</summary>
public sealed class StreamingTests : ProxyTest
{
    private static void AssertWellFormed(List<ProxyEvent> events)
    {
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal(1, events.Count(e => e.Name == "message_start"));
        var open = -1;
        var next = 0;
        foreach (var e in events)
        {
            switch (e.Name)
            {
                case "content_block_start":
                    Assert.Equal(-1, open);
                    Assert.Equal(next, e.Data.GetProperty("index").GetInt32());
                    open = next++;
                    break;
                case "content_block_delta":
                    Assert.Equal(open, e.Data.GetProperty("index").GetInt32());
                    break;
                case "content_block_stop":
                    Assert.Equal(open, e.Data.GetProperty("index").GetInt32());
                    open = -1;
                    break;
            }
        }
    }

    [Fact]
    public async Task Text_StreamsAsAnthropicEvents_WithUsage_AndNoDone()
    {
        Upstream.Chat = Script.Sse(OpenAIPayloads.TextStream("Hel", "lo", " world"));
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString());
        Assert.True(response.Headers.Contains("request-id"));
        var events = await SseEvents.ReadAllAsync(response);
        AssertWellFormed(events);
        Assert.Equal("ping", events[1].Name);
        Assert.Equal("Hello world", SseEvents.Text(events));
        var delta = events.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("end_turn", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(3, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal("message_stop", events[^1].Name);
        Assert.DoesNotContain(events, e => e.Data.ToString().Contains("[DONE]", StringComparison.Ordinal));

        using var sent = Upstream.LastChat.Json();
        Assert.True(sent.RootElement.GetProperty("stream").GetBoolean());
        Assert.True(sent.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task UpstreamIgnoringStreamTrue_WholeJsonAnswer_IsReplayedAsACompleteStream()
    {
        // Some servers and gateways answer stream: true with one JSON body; read as SSE it would be an empty answer.
        var message = """{"role":"assistant","content":"Let me check both.","tool_calls":[""" +
            OpenAIPayloads.ToolCall("call_a", "get_weather", """{"city":"Paris"}""") + "," + OpenAIPayloads.ToolCall("call_b", "get_time", """{"tz":"CET"}""") + "]}";
        Upstream.Chat = Script.Json(200, OpenAIPayloads.Completion("gpt-4o", message, "tool_calls", prompt: 40, completion: 20));
        using var response = await PostAsync(AnthropicRequests.WithTools(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString());
        var events = await SseEvents.ReadAllAsync(response);
        AssertWellFormed(events);
        Assert.Equal(
            ["message_start", "ping",
             "content_block_start", "content_block_delta", "content_block_stop",
             "content_block_start", "content_block_delta", "content_block_stop",
             "content_block_start", "content_block_delta", "content_block_stop",
             "message_delta", "message_stop"],
            SseEvents.Names(events));
        Assert.Equal("Let me check both.", SseEvents.Text(events));
        var tools = events.Where(e => e.Name == "content_block_start" && e.Data.GetProperty("content_block").GetProperty("type").GetString() == "tool_use")
            .Select(e => e.Data.GetProperty("content_block")).ToList();
        Assert.Equal(["call_a", "call_b"], tools.Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(["get_weather", "get_time"], tools.Select(t => t.GetProperty("name").GetString()));
        var inputs = events.Where(e => e.Name == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("type").GetString() == "input_json_delta")
            .Select(e => JsonDocument.Parse(e.Data.GetProperty("delta").GetProperty("partial_json").GetString()!).RootElement.GetRawText()).ToList();
        Assert.Equal(["""{"city":"Paris"}""", """{"tz":"CET"}"""], inputs);
        var delta = events.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("tool_use", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(20, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(40, events[0].Data.GetProperty("message").GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.StartsWith("msg_", events[0].Data.GetProperty("message").GetProperty("id").GetString(), StringComparison.Ordinal);

        // The operator is told: on the request's line, and once as a warning however many requests follow.
        (await PostAsync(AnthropicRequests.WithTools(stream: true))).Dispose();
        await Eventually.UntilAsync(() => Proxy.Logs.Lines.Count(l => l.Contains("RequestTracking", StringComparison.Ordinal) && l.Contains("outcome=upstream_not_streaming", StringComparison.Ordinal)) == 2);
        Assert.Single(Proxy.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("ignores stream: true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamStreamLabelledAsJson_IsStillRelayedAsTheStreamItIs()
    {
        // A misconfigured server: an event stream with Content-Type: application/json. Not a whole JSON answer to replay.
        var sse = string.Concat(OpenAIPayloads.TextStream("Hel", "lo").Select(p => "data: " + p + "\n\n")) + "data: [DONE]\n\n";
        Upstream.Chat = Script.Raw(200, "application/json", "\n" + sse);
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await SseEvents.ReadAllAsync(response);
        AssertWellFormed(events);
        Assert.Equal("Hello", SseEvents.Text(events));
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Theory]
    [InlineData("data: {}", true)]
    [InlineData("\r\n event: x", true)]
    [InlineData(": keep-alive", true)]
    [InlineData("id: 1", true)]
    [InlineData("retry: 10", true)]
    [InlineData("{\"id\":\"x\"}", false)]
    [InlineData("  [1]", false)]
    [InlineData("", false)]
    [InlineData("database", false)]
    public void LooksLikeEventStream_ReadsTheFirstLine(string body, bool expected)
    {
        Assert.Equal(expected, Protocols.Proxy.Messages.MessagesHandler.LooksLikeEventStream(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public async Task UpstreamIgnoringStreamTrue_WithAJsonErrorOrGarbage_Is502InTheAnthropicShape_NotAnEmptyStream()
    {
        Upstream.Chat = Script.Json(200, OpenAIPayloads.Error("model overloaded, try later", "server_error"));
        using var error = await PostAsync(AnthropicRequests.Simple(stream: true));
        Assert.Contains("model overloaded", (await AnthropicError.ReadAsync(error, HttpStatusCode.BadGateway)).GetProperty("message").GetString(), StringComparison.Ordinal);

        Upstream.Chat = Script.Raw(200, "application/json", "{\"choices\": [");
        using var garbage = await PostAsync(AnthropicRequests.Simple(stream: true));
        Assert.Equal("api_error", await AnthropicError.TypeAsync(garbage, HttpStatusCode.BadGateway));
    }

    [Fact]
    public async Task ParallelToolCalls_Interleaved_BecomeOneBlockEach_WithVerbatimFragments()
    {
        Upstream.Chat = Script.Sse([
            OpenAIPayloads.RoleChunk(),
            OpenAIPayloads.ToolCallChunk(0, "call_a", "get_weather", ""),
            OpenAIPayloads.ToolCallChunk(1, "call_b", "get_time", ""),
            OpenAIPayloads.ToolCallChunk(0, null, null, "{\"city\":"),
            OpenAIPayloads.ToolCallChunk(1, null, null, "{\"city\":\"Rome\"}"),
            OpenAIPayloads.ToolCallChunk(0, null, null, "\"Paris\"}"),
            OpenAIPayloads.FinishChunk("tool_calls"),
            OpenAIPayloads.UsageChunk(40, 20),
        ]);
        using var response = await PostAsync(AnthropicRequests.WithTools(stream: true));
        var events = await SseEvents.ReadAllAsync(response);
        AssertWellFormed(events);

        var starts = events.Where(e => e.Name == "content_block_start").Select(e => e.Data.GetProperty("content_block")).ToList();
        Assert.Equal(["get_weather", "get_time"], starts.Select(b => b.GetProperty("name").GetString()));
        Assert.All(starts, b => Assert.Equal("tool_use", b.GetProperty("type").GetString()));
        string Json(int index) => string.Concat(events
            .Where(e => e.Name == "content_block_delta" && e.Data.GetProperty("index").GetInt32() == index)
            .Select(e => e.Data.GetProperty("delta").GetProperty("partial_json").GetString()));
        Assert.Equal("""{"city":"Paris"}""", Json(0));
        Assert.Equal("""{"city":"Rome"}""", Json(1));
        Assert.Equal("tool_use", events.Single(e => e.Name == "message_delta").Data.GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Thinking_ReasoningDeltasBecomeAThinkingBlockBeforeText()
    {
        Upstream.Chat = Script.Sse([
            OpenAIPayloads.RoleChunk(),
            OpenAIPayloads.ReasoningChunk("Let me "),
            OpenAIPayloads.ReasoningChunk("think."),
            OpenAIPayloads.TextChunk("4"),
            OpenAIPayloads.FinishChunk("stop"),
            OpenAIPayloads.UsageChunk(10, 5),
        ]);
        using var response = await PostAsync(AnthropicRequests.WithThinking(stream: true));
        var events = await SseEvents.ReadAllAsync(response);
        AssertWellFormed(events);
        var blocks = events.Where(e => e.Name == "content_block_start").Select(e => e.Data.GetProperty("content_block").GetProperty("type").GetString()).ToList();
        Assert.Equal(["thinking", "text"], blocks);
        Assert.Contains(events, e => e.Name == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("type").GetString() == "signature_delta");
        Assert.Equal("4", SseEvents.Text(events));
    }

    [Fact]
    public async Task C71_UpstreamErrorBeforeFirstByte_IsThatStatus_NotA200Stream()
    {
        Upstream.Chat = Script.Json(429, OpenAIPayloads.Error("slow down", "rate_limit_exceeded"));
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));
        Assert.Equal("rate_limit_error", await AnthropicError.TypeAsync(response, HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task MidStreamFailure_EndsWithAnErrorEvent()
    {
        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.TextChunk("partial")], dropAfter: true);
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));
        var events = await SseEvents.ReadAllAsync(response);
        Assert.Equal("message_start", events[0].Name);
        Assert.Equal("error", events[^1].Name);
        Assert.Equal("error", events[^1].Data.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(events[^1].Data.GetProperty("error").GetProperty("type").GetString()));
        Assert.DoesNotContain(events, e => e.Name == "message_stop");
    }

    [Fact]
    public async Task StreamWithoutFinishReason_EndsWithAnErrorEvent_NotEndTurn()
    {
        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.TextChunk("cut")], done: false);
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));
        var events = await SseEvents.ReadAllAsync(response);
        Assert.Equal("error", events[^1].Name);
        Assert.DoesNotContain(events, e => e.Name == "message_delta" && e.Data.GetProperty("delta").GetProperty("stop_reason").GetString() == "end_turn");
    }

    [Fact]
    public async Task ErrorObjectInsideTheStream_BecomesAnErrorEvent()
    {
        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.Error("model overloaded", "server_error")], done: false);
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));
        var events = await SseEvents.ReadAllAsync(response);
        Assert.Equal("error", events[^1].Name);
    }

    [Fact]
    public async Task C69_SseFraming_CrlfCommentsAndSplitMultibyte_AreParsed()
    {
        var text = OpenAIPayloads.TextChunk("héllo €");
        var bytes = Encoding.UTF8.GetBytes("data:" + text + "\r\n\r\n");
        var euro = Array.IndexOf(bytes, (byte)0xE2);
        Upstream.Chat = async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.StartAsync();
            async Task W(byte[] b)
            {
                await context.Response.Body.WriteAsync(b);
                await context.Response.Body.FlushAsync();
                await Task.Delay(5);
            }

            await W(Encoding.UTF8.GetBytes(": keep-alive comment\r\n\r\ndata: " + OpenAIPayloads.RoleChunk() + "\r\n\r\n"));
            await W(bytes[..(euro + 1)]);
            await W(bytes[(euro + 1)..]);
            await W(Encoding.UTF8.GetBytes("data: " + OpenAIPayloads.FinishChunk("stop") + "\n\ndata: [DONE]\n\n"));
        };
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));
        var events = await SseEvents.ReadAllAsync(response);
        Assert.Equal("héllo €", SseEvents.Text(events));
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public async Task C54_UpstreamSilence_SendsPings()
    {
        await using var proxy = await TestProxy.StartAsync(Upstream, new Dictionary<string, string?> { ["PING_INTERVAL"] = "200ms" });
        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.TextChunk("a"), OpenAIPayloads.FinishChunk("stop")], delay: TimeSpan.FromMilliseconds(700));
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true), proxy: proxy);
        var events = await SseEvents.ReadAllAsync(response);
        Assert.True(events.Count(e => e.Name == "ping") >= 4, string.Join(",", SseEvents.Names(events)));
        Assert.Equal("message_stop", events[^1].Name);
    }

    [Fact]
    public async Task UpstreamIdleTimeout_EndsTheStreamWithAnError()
    {
        await using var proxy = await TestProxy.StartAsync(Upstream, new Dictionary<string, string?> { ["UPSTREAM_IDLE_TIMEOUT"] = "400ms" });
        Upstream.Chat = Script.Sse([OpenAIPayloads.RoleChunk(), OpenAIPayloads.TextChunk("a")], delay: TimeSpan.FromSeconds(3));
        var watch = Stopwatch.StartNew();
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true), proxy: proxy);
        var events = await SseEvents.ReadAllAsync(response);
        Assert.Equal("error", events[^1].Name);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2.5));
        await Upstream.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task EventsAreRelayedAsTheyArrive_NotBuffered()
    {
        Upstream.Chat = Script.Sse(OpenAIPayloads.TextStream("first", " second", " third"), delay: TimeSpan.FromMilliseconds(400));
        var watch = Stopwatch.StartNew();
        using var response = await PostAsync(AnthropicRequests.Simple(stream: true));
        TimeSpan? firstText = null;
        await foreach (var e in SseEvents.ReadAsync(response))
        {
            if (e.Name == "content_block_delta" && firstText is null)
            {
                firstText = watch.Elapsed;
            }
        }

        var total = watch.Elapsed;
        Assert.NotNull(firstText);
        Assert.True(total - firstText.Value > TimeSpan.FromMilliseconds(900), $"first text at {firstText}, end at {total}");
    }

    [Fact]
    public async Task C72_ClientDisconnect_AbortsTheUpstreamRequest()
    {
        Upstream.Chat = Script.Sse(Enumerable.Range(0, 200).Select(i => OpenAIPayloads.TextChunk($"t{i} ")), delay: TimeSpan.FromMilliseconds(50));
        using var cts = new CancellationTokenSource();
        var response = await PostAsync(AnthropicRequests.Simple(stream: true), cancellationToken: cts.Token);
        var seen = 0;
        await foreach (var e in SseEvents.ReadAsync(response, cts.Token))
        {
            if (e.Name == "content_block_delta" && ++seen == 2)
            {
                break;
            }
        }

        response.Dispose();
        cts.Cancel();
        await Upstream.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
