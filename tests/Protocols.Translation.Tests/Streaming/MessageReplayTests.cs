using System.Text;
using System.Text.Json;
using Protocols.Anthropic;
using Protocols.Core;
using Xunit;

namespace Protocols.Translation.Tests.Streaming;

/// <summary><see cref="MessageReplay"/>: a whole message as a valid event stream that adds up to the same message.</summary>
public sealed class MessageReplayTests
{
    private const string Whole = """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_reason":"tool_use","stop_sequence":null,"container":null,
         "usage":{"input_tokens":40,"output_tokens":20,"cache_read_input_tokens":8,"cache_creation_input_tokens":null,"cache_creation":null,"inference_geo":null,"server_tool_use":null,"service_tier":null},
         "content":[
           {"type":"thinking","thinking":"Two lookups.","signature":"c2ln"},
           {"type":"text","text":"Checking \"both\"\n…","citations":null},
           {"type":"tool_use","id":"toolu_a","name":"get_weather","input":{"city":"Paris","days":[1,2]},"caller":{"type":"direct"}},
           {"type":"tool_use","id":"toolu_b","name":"get_time","input":{},"caller":{"type":"direct"}}]}
        """;

    [Fact]
    public void A_whole_message_replays_as_a_valid_stream_that_adds_up_to_it()
    {
        var message = JsonModel.Parse(Encoding.UTF8.GetBytes(Whole), Message.ReadFrom);
        var events = MessageReplay.Events(message).Select(e => new StreamEvent(MessageReplay.NameOf(e), e)).ToList();

        var stream = EventGrammar.Validate(events);
        Assert.Equal(
            [("thinking", "Two lookups.", null, null), ("text", "Checking \"both\"\n…", null, null),
             ("tool_use", """{"city":"Paris","days":[1,2]}""", "get_weather", "toolu_a"), ("tool_use", "{}", "get_time", "toolu_b")],
            stream.Blocks.Select(b => (b.Kind, b.Kind == "tool_use" ? JsonDocument.Parse(b.Content).RootElement.GetRawText() : b.Content, b.Name, b.Id)));
        Assert.Equal("msg_01", stream.Start!.Message.Id);
        Assert.Equal(40, stream.Start.Message.Usage.InputTokens);
        Assert.Equal(0, stream.Start.Message.Usage.OutputTokens);
        Assert.Equal(StopReason.ToolUse, stream.Delta!.Delta.StopReason);
        Assert.Equal(20, stream.Delta.Usage.OutputTokens);
        Assert.Equal(8, stream.Delta.Usage.CacheReadInputTokens);
        Assert.True(stream.Stopped);
        Assert.Contains(events, e => e.Name == "content_block_delta" && e.Data is ContentBlockDeltaEvent { Delta: SignatureContentBlockDelta { Signature: "c2ln" } });
    }

    [Fact]
    public void Every_event_is_named_by_its_type()
    {
        var message = JsonModel.Parse(Encoding.UTF8.GetBytes(Whole), Message.ReadFrom);
        foreach (var e in MessageReplay.Events(message))
        {
            using var json = JsonDocument.Parse(JsonModel.ToUtf8(e));
            Assert.Equal(json.RootElement.GetProperty("type").GetString(), MessageReplay.NameOf(e));
        }

        Assert.Throws<ArgumentNullException>(() => MessageReplay.Events(null!));
    }
}
