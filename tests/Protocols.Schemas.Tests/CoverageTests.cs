using System.Text.Json.Nodes;
using Protocols.Testing;

namespace Protocols.Schemas.Tests;

/// <summary>
/// Every member of the spec's unions has a corpus file exercising it. The expected sets are computed from the
/// committed documents, so a spec update that adds a variant fails here until the corpus covers it.
/// </summary>
public sealed class CoverageTests
{
    [Fact]
    public void Every_ContentBlock_variant_appears_in_a_Message()
    {
        var expected = VendorSpec.Anthropic.UnionTags("ContentBlock");
        var seen = Objects("anthropic", "Message").SelectMany(m => Items(m["content"])).Select(TypeOf).ToHashSet();

        AssertCovered(expected, seen, "anthropic/Message content[].type");
    }

    [Fact]
    public void Every_ContentBlock_variant_appears_in_a_content_block_start_event()
    {
        var expected = VendorSpec.Anthropic.UnionTags("ContentBlockStartEvent", "properties", "content_block");
        var seen = Events("content_block_start").Select(e => TypeOf(e["content_block"])).ToHashSet();

        AssertCovered(expected, seen, "content_block_start content_block.type");
    }

    [Fact]
    public void Every_MessageStreamEvent_variant_has_a_file()
    {
        var expected = VendorSpec.Anthropic.UnionTags("MessageStreamEvent");
        var seen = Objects("anthropic", "MessageStreamEvent").Select(TypeOf).ToHashSet();

        Assert.Equal(7, expected.Count);
        AssertCovered(expected, seen, "MessageStreamEvent type");
    }

    [Fact]
    public void Every_content_block_delta_variant_has_a_file()
    {
        var expected = VendorSpec.Anthropic.UnionTags("ContentBlockDeltaEvent", "properties", "delta");
        var seen = Events("content_block_delta").Select(e => TypeOf(e["delta"])).ToHashSet();

        AssertCovered(expected, seen, "content_block_delta delta.type");
    }

    [Fact]
    public void Every_citation_variant_appears_in_a_Message()
    {
        var expected = VendorSpec.Anthropic.UnionTags("ResponseTextBlock", "properties", "citations", "anyOf", "0", "items");
        var seen = Objects("anthropic", "Message")
            .SelectMany(m => Items(m["content"]))
            .SelectMany(b => Items(b?["citations"]))
            .Select(TypeOf)
            .ToHashSet();

        AssertCovered(expected, seen, "text block citations[].type");
    }

    [Fact]
    public void Every_stop_reason_appears_in_a_Message()
    {
        var expected = VendorSpec.Anthropic.Schema("StopReason").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
        var seen = Objects("anthropic", "Message").Select(m => (string?)m["stop_reason"]).ToHashSet();

        AssertCovered(expected, seen, "Message stop_reason");
        Assert.Contains(Objects("anthropic", "Message"), m => m["stop_sequence"] is null);
        Assert.Contains(Objects("anthropic", "Message"), m => m["stop_sequence"] is JsonValue);
    }

    [Fact]
    public void Every_input_content_block_variant_appears_in_a_request()
    {
        var expected = VendorSpec.Anthropic.UnionTags("InputContentBlock");
        var seen = Objects("anthropic", "CreateMessageParams")
            .SelectMany(r => Items(r["messages"]))
            .SelectMany(m => Items(m?["content"]))
            .Select(TypeOf)
            .ToHashSet();

        AssertCovered(expected, seen, "CreateMessageParams messages[].content[].type");
    }

    [Fact]
    public void Every_tool_choice_thinking_and_server_tool_variant_appears_in_a_request()
    {
        var requests = Objects("anthropic", "CreateMessageParams");

        AssertCovered(VendorSpec.Anthropic.UnionTags("ToolChoice"), requests.Select(r => TypeOf(r["tool_choice"])).ToHashSet(), "tool_choice.type");
        AssertCovered(VendorSpec.Anthropic.UnionTags("ThinkingConfigParam"), requests.Select(r => TypeOf(r["thinking"])).ToHashSet(), "thinking.type");

        // The tools union has no discriminator; every member but the custom Tool declares its `type`.
        var toolTypes = requests.SelectMany(r => Items(r["tools"])).Select(TypeOf).ToHashSet();
        var serverTools = VendorSpec.Anthropic.UnionMembers("CreateMessageParams", "properties", "tools", "items")
            .Where(m => m.Tag is not null)
            .Select(m => m.SchemaName!)
            .ToList();
        var missing = new List<string>();
        foreach (var member in serverTools)
        {
            var type = VendorSpec.Anthropic.Schema(member).GetProperty("properties").GetProperty("type");
            List<string?> allowed = type.TryGetProperty("enum", out var values)
                ? [.. values.EnumerateArray().Select(v => v.GetString())]
                : [type.GetProperty("const").GetString()];
            if (!allowed.Any(toolTypes.Contains))
            {
                missing.Add($"{member} ({string.Join(", ", allowed)})");
            }
        }

        Assert.True(missing.Count == 0, $"No request uses these tools: {string.Join("; ", missing)}");

        Assert.Contains(null, toolTypes); // a custom tool without `type`
        Assert.Contains("custom", toolTypes); // and one with `type: "custom"`
    }

    [Fact]
    public void Every_error_type_has_a_file()
    {
        var expected = VendorSpec.Anthropic.UnionTags("ErrorResponse", "properties", "error");
        var seen = Objects("anthropic", "ErrorResponse").Select(e => TypeOf(e["error"])).ToHashSet();

        Assert.Equal(9, expected.Count);
        AssertCovered(expected, seen, "ErrorResponse error.type");
    }

    [Fact]
    public void Every_OpenAI_message_role_and_user_content_part_appears_in_a_request()
    {
        var requests = Objects("openai", "CreateChatCompletionRequest");
        var messages = requests.SelectMany(r => Items(r["messages"])).ToList();

        var roles = VendorSpec.OpenAI.UnionTags("ChatCompletionRequestMessage");
        AssertCovered(roles, messages.Select(m => (string?)m?["role"]).ToHashSet(), "messages[].role");

        var parts = VendorSpec.OpenAI.UnionTags("ChatCompletionRequestUserMessageContentPart");
        var seenParts = messages.Where(m => (string?)m?["role"] == "user").SelectMany(m => Items(m?["content"])).Select(TypeOf).ToHashSet();
        AssertCovered(parts, seenParts, "user content[].type");

        var choices = VendorSpec.OpenAI.UnionMembers("ChatCompletionToolChoiceOption");
        var seenChoices = requests.Select(r => r["tool_choice"]).Where(c => c is not null).Select(c => c is JsonValue v ? v.GetValue<string>() : TypeOf(c)).ToHashSet();
        AssertCovered(["none", "auto", "required", .. choices.Select(c => c.Tag).OfType<string>()], seenChoices, "tool_choice");

        var formats = VendorSpec.OpenAI.UnionTags("CreateChatCompletionRequest", "allOf", "1", "properties", "response_format");
        AssertCovered(formats, requests.Select(r => TypeOf(r["response_format"])).ToHashSet(), "response_format.type");
    }

    [Fact]
    public void OpenAI_stream_corpus_has_every_chunk_kind()
    {
        var chunks = Objects("openai", "CreateChatCompletionStreamResponse");
        var deltas = chunks.SelectMany(c => Items(c["choices"])).Select(c => c?["delta"]).ToList();

        Assert.Contains(deltas, d => (string?)d?["role"] == "assistant");
        Assert.Contains(deltas, d => d?["content"] is JsonValue v && v.GetValue<string>().Length > 0);
        Assert.Contains(deltas, d => Items(d?["tool_calls"]).Any(t => t?["id"] is not null && t["function"]?["name"] is not null));
        Assert.Contains(deltas, d => Items(d?["tool_calls"]).Any(t => t?["id"] is null && t?["function"]?["arguments"] is not null));
        Assert.Contains(deltas, d => Items(d?["tool_calls"]).Any(t => (int?)t?["index"] == 1));
        Assert.Contains(deltas, d => d?["refusal"] is JsonValue);
        Assert.Contains(chunks, c => Items(c["choices"]).Any(ch => ch?["finish_reason"] is JsonValue));
        Assert.Contains(chunks, c => c["choices"]!.AsArray().Count == 0 && c["usage"] is JsonObject);
    }

    private static void AssertCovered(IEnumerable<string> expected, IReadOnlySet<string?> seen, string what)
    {
        var missing = expected.Where(t => !seen.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"No corpus file exercises {what} = {string.Join(", ", missing)}");
    }

    private static List<JsonNode> Objects(string vendor, string schemaName) =>
        [.. Corpus.ValidCases(vendor, schemaName).Select(c => c.ReadNode()!)];

    private static IEnumerable<JsonNode> Events(string type) =>
        Objects("anthropic", "MessageStreamEvent").Where(e => TypeOf(e) == type);

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray array ? array : [];

    private static string? TypeOf(JsonNode? node) => node is JsonObject obj && obj["type"] is JsonValue v ? v.GetValue<string>() : null;
}
