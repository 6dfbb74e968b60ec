using Protocols.Anthropic;
using Protocols.Core;

namespace Protocols.Client.Tests;

public class AuditStreamClientTests
{
    private static IMessageStreamEvent Event(string json) => JsonModel.Parse(System.Text.Encoding.UTF8.GetBytes(json), IMessageStreamEvent.ReadFrom);

    // The real API streams a server tool's input (web_search) as input_json_delta fragments, like a tool_use block.
    [Fact]
    public void A01_ServerToolUseInput_IsAccumulated()
    {
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

        var block = Assert.IsType<ResponseServerToolUseBlock>(accumulator.ToMessage().Content[0]);
        Assert.Equal("""{"query":"weather NYC"}""", System.Text.Json.JsonSerializer.Serialize(block.Input));
    }
}
