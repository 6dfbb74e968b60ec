using System.Text.Json;
using Protocols.Anthropic;
using Protocols.Testing;

namespace Protocols.Client.Tests;

public class StreamingTests
{
    private static AnthropicCompatibleClient Client(FakeUpstream upstream, TestTimeProvider? time = null, Action<AnthropicCompatibleClientOptions>? configure = null)
    {
        var options = Requests.Options(upstream);
        configure?.Invoke(options);
        return new AnthropicCompatibleClient(options, null, time ?? new TestTimeProvider());
    }

    [Fact]
    public async Task Events_arrive_while_the_upstream_is_still_writing()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) =>
        {
            await OpenAI.StartSseAsync(c);
            await OpenAI.WriteEventAsync(c, OpenAI.TextChunk("Hel"));

            // The rest is written only once the client has seen the first text: a buffering client would hang here.
            await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(20), c.RequestAborted);
            await OpenAI.WriteEventAsync(c, OpenAI.TextChunk("lo"));
            await OpenAI.WriteEventAsync(c, OpenAI.FinishChunk("stop"));
            await OpenAI.WriteEventAsync(c, OpenAI.UsageChunk(11, 2));
            await OpenAI.WriteEventAsync(c, "[DONE]");
        });
        using var client = Client(upstream);

        var types = new List<string>();
        var text = "";
        await foreach (var e in client.StreamMessageAsync(Requests.Hello()))
        {
            types.Add(JsonDocument.Parse(Protocols.Core.JsonModel.ToUtf8(e)).RootElement.GetProperty("type").GetString()!);
            if (e is ContentBlockDeltaEvent { Delta: TextContentBlockDelta d })
            {
                text += d.Text;
                firstSeen.TrySetResult();
            }
        }

        Assert.Equal("Hello", text);
        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            types);
        var body = JsonDocument.Parse(upstream.Requests[0].Body).RootElement;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("text/event-stream", upstream.Requests[0].Headers["accept"]);
    }

    [Fact]
    public async Task Parallel_tool_calls_accumulate_into_parsed_inputs()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteSseAsync(
            c,
            OpenAI.ReasoningChunk("Two cities, "),
            OpenAI.ReasoningChunk("two calls."),
            OpenAI.TextChunk("Checking both."),
            OpenAI.ToolStartChunk(0, "call_paris", "get_weather"),
            OpenAI.ToolStartChunk(1, "call_rome", "get_weather"),
            OpenAI.ToolArgsChunk(0, "{\"city\":"),
            OpenAI.ToolArgsChunk(1, "{\"city\":\"Ro"),
            OpenAI.ToolArgsChunk(0, "\"Paris\",\"unit\":\"c\"}"),
            OpenAI.ToolArgsChunk(1, "me\"}"),
            OpenAI.FinishChunk("tool_calls"),
            OpenAI.UsageChunk(40, 25),
            "[DONE]"));
        using var client = Client(upstream);
        var request = Requests.Hello("Weather in Paris and Rome?");
        request.Tools = [AnthropicTools.Create("get_weather", "Current weather", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}""").RootElement)];

        var accumulator = new MessageAccumulator();
        var deltas = 0;
        await foreach (var e in client.StreamMessageAsync(request).AccumulateInto(accumulator))
        {
            deltas += e is ContentBlockDeltaEvent ? 1 : 0;
        }

        var message = accumulator.ToMessage();
        Assert.True(accumulator.IsComplete);
        Assert.Equal(StopReason.ToolUse, message.StopReason);
        Assert.Equal("Two cities, two calls.", message.GetThinking());
        Assert.Equal("Checking both.", message.GetText());
        var calls = message.GetToolUses();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_paris", "get_weather"), (calls[0].Id, calls[0].Name));
        Assert.Equal("Paris", calls[0].Input.GetProperty("city").GetString());
        Assert.Equal("c", calls[0].Input.GetProperty("unit").GetString());
        Assert.Equal("call_rome", calls[1].Id);
        Assert.Equal("Rome", calls[1].Input.GetProperty("city").GetString());
        Assert.Equal(40, message.Usage.InputTokens);
        Assert.Equal(25, message.Usage.OutputTokens);
        Assert.True(deltas >= 6);

        // The generic helper agrees.
        var again = await client.StreamMessageAsync(request).ToMessageAsync();
        Assert.Equal(Protocols.Core.JsonModel.ToJsonString(StripId(message)), Protocols.Core.JsonModel.ToJsonString(StripId(again)));
    }

    [Fact]
    public async Task A_backend_that_ignores_stream_true_still_yields_a_valid_event_sequence()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.ToolCallCompletion(("call_1", "lookup", "{\"q\":\"x\"}"))));
        using var client = Client(upstream);

        var events = new List<IMessageStreamEvent>();
        await foreach (var e in client.StreamMessageAsync(Requests.Hello()))
        {
            events.Add(e);
        }

        Assert.IsType<MessageStartEvent>(events[0]);
        Assert.IsType<MessageStopEvent>(events[^1]);
        var accumulator = new MessageAccumulator();
        events.ForEach(accumulator.Add);
        var message = accumulator.ToMessage();
        Assert.Equal(StopReason.ToolUse, message.StopReason);
        Assert.Equal("x", Assert.Single(message.GetToolUses()).Input.GetProperty("q").GetString());
        Assert.Equal(9, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task A_failure_mid_stream_is_thrown_and_never_retried()
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) =>
        {
            await OpenAI.WriteSseAsync(c, OpenAI.TextChunk("partial "), OpenAI.TextChunk("answer"));

            // The connection drops once the client has the events (an abort racing the headers would be a
            // failure before the stream, which is retried).
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
            c.Abort();
        });
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        var text = "";
        var e = await Assert.ThrowsAsync<TransportException>(async () =>
        {
            await foreach (var ev in client.StreamMessageAsync(Requests.Hello()))
            {
                if (ev is ContentBlockDeltaEvent { Delta: TextContentBlockDelta d })
                {
                    text += d.Text;
                    if (text == "partial answer")
                    {
                        seen.TrySetResult();
                    }
                }
            }
        });

        Assert.Equal("partial answer", text);
        Assert.Contains("event(s)", e.Message, StringComparison.Ordinal);
        Assert.Single(upstream.Requests);
        Assert.Empty(time.Delays);
    }

    [Fact]
    public async Task A_failure_before_the_stream_starts_is_retried()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("busy", "server_error"), 503)
            : OpenAI.WriteSseAsync(c, OpenAI.TextChunk("ok"), OpenAI.FinishChunk("stop"), "[DONE]"));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        var message = await client.StreamMessageAsync(Requests.Hello()).ToMessageAsync();

        Assert.Equal("ok", message.GetText());
        Assert.Equal(2, upstream.Requests.Count);
        Assert.Single(time.Delays);
    }

    [Theory]
    [InlineData("rate_limit_exceeded", typeof(RateLimitedException), "rate_limit_error")]
    [InlineData("server_error", typeof(ApiErrorException), "api_error")]
    public async Task An_error_event_is_thrown_as_its_typed_error(string openAIType, Type expected, string errorType)
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteSseAsync(
            c,
            OpenAI.TextChunk("so far"),
            OpenAI.Error("the backend gave up", openAIType)));
        using var client = Client(upstream);

        var events = 0;
        var e = await Assert.ThrowsAnyAsync<AnthropicClientException>(async () =>
        {
            await foreach (var ev in client.StreamMessageAsync(Requests.Hello()))
            {
                events++;
            }
        });

        Assert.IsType(expected, e);
        Assert.Equal(errorType, e.ErrorType);
        Assert.Contains("the backend gave up", e.Message, StringComparison.Ordinal);
        Assert.True(events >= 3);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task A_stream_without_data_is_an_empty_response()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteSseAsync(c, "[DONE]"));
        using var client = Client(upstream);

        await Assert.ThrowsAsync<EmptyResponseException>(async () =>
        {
            await foreach (var ev in client.StreamMessageAsync(Requests.Hello()))
            {
            }
        });
    }

    [Fact]
    public async Task A_cut_off_stream_without_finish_reason_is_an_api_error()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteSseAsync(c, OpenAI.TextChunk("half an ans")));
        using var client = Client(upstream);

        var e = await Assert.ThrowsAsync<ApiErrorException>(async () => await client.StreamMessageAsync(Requests.Hello()).ToMessageAsync());

        Assert.IsNotType<EmptyResponseException>(e);
        Assert.Contains("finish_reason", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_stream_times_out_between_events()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) =>
        {
            await OpenAI.WriteSseAsync(c, OpenAI.TextChunk("and then"));
            await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var time = new TestTimeProvider();
        using var client = Client(upstream, time, o => o.ReadTimeout = TimeSpan.FromMinutes(3));

        var events = 0;
        var consume = Task.Run(async () =>
        {
            await foreach (var ev in client.StreamMessageAsync(Requests.Hello()))
            {
                events++;
            }
        });
        await Eventually.UntilAsync(() => Volatile.Read(ref events) >= 3);
        await time.WaitForPendingAsync(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromMinutes(3));

        var e = await Assert.ThrowsAsync<UpstreamTimeoutException>(() => consume);
        Assert.Contains("silent", e.Message, StringComparison.Ordinal);
        Assert.Single(upstream.Requests);
    }

    private static Message StripId(Message m)
    {
        m.Id = "msg";
        return m;
    }
}
