using Protocols.Anthropic;
using Protocols.Core;

namespace Protocols.Client.Tests;

public class AccumulatorTests
{
    private static IMessageStreamEvent Event(string json) => JsonModel.Parse(System.Text.Encoding.UTF8.GetBytes(json), IMessageStreamEvent.ReadFrom);

    // A stream as the real Anthropic API sends it: thinking with a signature, text, and two tool calls.
    private static readonly string[] Stream =
    [
        """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":50,"output_tokens":1,"cache_read_input_tokens":7,"cache_creation_input_tokens":null,"cache_creation":null,"inference_geo":null,"server_tool_use":null,"service_tier":null},"container":null}}""",
        """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"think."}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2ln"}}""",
        """{"type":"content_block_stop","index":0}""",
        """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":"","citations":null}}""",
        """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"I'll look "}}""",
        """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"both up."}}""",
        """{"type":"content_block_stop","index":1}""",
        """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_a","name":"lookup","input":{},"caller":{"type":"direct"}}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"q\": \"a\", "}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"\"n\": [1, 2]}"}}""",
        """{"type":"content_block_stop","index":2}""",
        """{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_b","name":"lookup","input":{},"caller":{"type":"direct"}}}""",
        """{"type":"content_block_stop","index":3}""",
        """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null,"container":null},"usage":{"output_tokens":42,"input_tokens":null,"cache_creation_input_tokens":null,"cache_read_input_tokens":null,"server_tool_use":null}}""",
        """{"type":"message_stop"}""",
    ];

    [Fact]
    public void A_full_stream_adds_up_to_its_message()
    {
        var accumulator = new MessageAccumulator();
        foreach (var json in Stream)
        {
            accumulator.Add(Event(json));
        }

        Assert.True(accumulator.IsComplete);
        Assert.Equal(Stream.Length, accumulator.EventCount);
        var message = accumulator.ToMessage();
        Assert.Equal("msg_1", message.Id);
        Assert.Equal(4, message.Content.Count);
        var thinking = Assert.IsType<ResponseThinkingBlock>(message.Content[0]);
        Assert.Equal(("Let me think.", "c2ln"), (thinking.Thinking, thinking.Signature));
        Assert.Equal("I'll look both up.", message.GetText());
        var first = Assert.IsType<ResponseToolUseBlock>(message.Content[2]);
        Assert.Equal("""{"q":"a","n":[1,2]}""", System.Text.Json.JsonSerializer.Serialize(first.Input));
        var second = Assert.IsType<ResponseToolUseBlock>(message.Content[3]);
        Assert.Equal("{}", second.Input.GetRawText());
        Assert.Equal(StopReason.ToolUse, message.StopReason);
        Assert.Equal(50, message.Usage.InputTokens);
        Assert.Equal(42, message.Usage.OutputTokens);
        Assert.Equal(7, message.Usage.CacheReadInputTokens);
    }

    [Fact]
    public void A_partial_stream_gives_a_valid_message_so_far()
    {
        var accumulator = new MessageAccumulator();
        foreach (var json in Stream.Take(13))
        {
            accumulator.Add(Event(json));
        }

        var message = accumulator.ToMessage();
        Assert.False(accumulator.IsComplete);
        Assert.Null(message.StopReason);

        // The tool input is incomplete JSON so far: an empty object, never an exception.
        Assert.Equal("{}", message.GetToolUses()[0].Input.GetRawText());
    }

    [Fact]
    public void A_lone_surrogate_in_streamed_tool_input_is_kept_as_a_replacement_character()
    {
        // JSON readers refuse "\ud800", but events built in code can carry a lone surrogate: the rest of the input survives it.
        var accumulator = new MessageAccumulator();
        foreach (var json in Stream.Take(11))
        {
            accumulator.Add(Event(json));
        }

        accumulator.Add(new ContentBlockDeltaEvent { Index = 2, Delta = new InputJsonContentBlockDelta { PartialJson = "{\"q\": \"x\ud800y\", \"n\": 1}" } });
        accumulator.Add(Event(Stream[14]));

        var input = accumulator.ToMessage().GetToolUses()[0].Input;
        Assert.Equal("x\ufffdy", input.GetProperty("q").GetString());
        Assert.Equal(1, input.GetProperty("n").GetInt32());
    }

    [Fact]
    public void A_server_tool_use_input_is_added_up_from_its_fragments()
    {
        // The real Anthropic API streams a server tool's input (web_search) as input_json_delta fragments, as for tool_use.
        string[] stream =
        [
            """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"cache_creation":null,"inference_geo":null,"server_tool_use":null,"service_tier":null},"container":null}}""",
            """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{},"caller":{"type":"direct"}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"query\": \"weather"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":" NYC\"}"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null,"container":null},"usage":{"output_tokens":9,"input_tokens":null,"cache_creation_input_tokens":null,"cache_read_input_tokens":null,"server_tool_use":null}}""",
            """{"type":"message_stop"}""",
        ];
        var accumulator = new MessageAccumulator();
        foreach (var json in stream)
        {
            accumulator.Add(Event(json));
        }

        var block = Assert.IsType<ResponseServerToolUseBlock>(Assert.Single(accumulator.ToMessage().Content));
        Assert.Equal(("srvtoolu_1", "web_search"), (block.Id, block.Name.Value));
        Assert.Equal("""{"query":"weather NYC"}""", System.Text.Json.JsonSerializer.Serialize(block.Input));
        Assert.IsType<DirectCaller>(block.Caller);
    }

    [Fact]
    public void Nothing_before_message_start()
    {
        var accumulator = new MessageAccumulator();
        Assert.False(accumulator.IsStarted);
        Assert.Throws<InvalidOperationException>(() => accumulator.ToMessage());
    }

    [Fact]
    public void The_answer_goes_back_as_history()
    {
        var accumulator = new MessageAccumulator();
        foreach (var json in Stream)
        {
            accumulator.Add(Event(json));
        }

        var history = accumulator.ToMessage().ToInputMessage();
        Assert.Equal(InputMessageRole.Assistant, history.Role);
        var blocks = history.Content.AsArray!;
        Assert.IsType<RequestThinkingBlock>(blocks[0]);
        Assert.IsType<RequestTextBlock>(blocks[1]);
        var toolUse = Assert.IsType<RequestToolUseBlock>(blocks[2]);
        Assert.Equal("toolu_a", toolUse.Id);
    }
}
