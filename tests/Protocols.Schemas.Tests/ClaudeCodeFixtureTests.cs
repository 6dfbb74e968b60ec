using System.Text.Json;
using System.Text.Json.Nodes;
using Protocols.Testing;

namespace Protocols.Schemas.Tests;

/// <summary>
/// The two captured Claude Code requests (tests/fixtures/claude-code/): what they contain that a translator
/// must handle, and exactly how they deviate from the committed Anthropic <c>CreateMessageParams</c>.
/// </summary>
public sealed class ClaudeCodeFixtureTests
{
    private const string FirstTurn = "request-1-first-turn.json";
    private const string ParallelTools = "request-2-parallel-tools-round-trip.json";

    /// <summary>
    /// Where the captures do not match the committed Anthropic document (2026-03 snapshot), as (path, kind):
    /// <list type="bullet">
    /// <item><c>$.context_management</c> — not declared by CreateMessageParams, which sets additionalProperties: false
    /// (a beta field, sent with the context-management-2025-06-27 flag).</item>
    /// <item><c>$.messages[1].role</c> — <c>"system"</c>: input messages only allow user/assistant (a newer, per-turn
    /// system message, sent with the per-turn-control-2026-07-01 flag).</item>
    /// <item><c>$.messages[1].output_config</c> — that system message carries its own <c>output_config</c>; InputMessage
    /// sets additionalProperties: false.</item>
    /// </list>
    /// If a spec update or a new capture changes this set, the test below fails: update the list deliberately.
    /// </summary>
    private static readonly (string Path, string Kind)[] KnownViolations =
    [
        ("$.context_management", "NoAdditionalPropertiesAllowed"),
        ("$.messages[1].output_config", "NoAdditionalPropertiesAllowed"),
        ("$.messages[1].role", "NotInEnumeration"),
    ];

    public static TheoryData<string> Files => new() { FirstTurn, ParallelTools };

    [Theory]
    [MemberData(nameof(Files))]
    public void Capture_is_a_beta_messages_post_with_eight_beta_flags(string file)
    {
        var capture = Load(file);
        Assert.Equal("POST", (string?)capture["method"]);
        Assert.Equal("/v1/messages?beta=true", (string?)capture["path"]);
        var flags = ((string?)capture["headers"]?["anthropic-beta"])!.Split(',');
        Assert.Equal(8, flags.Length);
        Assert.Contains("interleaved-thinking-2025-05-14", flags);
        Assert.Contains("context-management-2025-06-27", flags);
        Assert.Equal("2023-06-01", (string?)capture["headers"]?["anthropic-version"]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Body_has_the_shape_claude_code_sends(string file)
    {
        var body = Body(file);

        // Size: ~49 KB of compact JSON.
        var size = body.ToJsonString().Length;
        Assert.InRange(size, 40_000, 60_000);

        Assert.Equal(128000, (int)body["max_tokens"]!);
        Assert.True((bool)body["stream"]!);
        Assert.Equal("adaptive", (string?)body["thinking"]?["type"]);
        Assert.Equal("omitted", (string?)body["thinking"]?["display"]);
        Assert.Equal("medium", (string?)body["output_config"]?["effort"]);
        Assert.Equal("clear_thinking_20251015", (string?)body["context_management"]?["edits"]?[0]?["type"]);

        // metadata.user_id holds a JSON document as a string.
        var userId = JsonNode.Parse((string)body["metadata"]!["user_id"]!)!;
        Assert.NotNull(userId["session_id"]);

        // System: three text blocks, the last two cached.
        var system = body["system"]!.AsArray();
        Assert.Equal(3, system.Count);
        Assert.All(system, b => Assert.Equal("text", (string?)b!["type"]));
        Assert.Null(system[0]!["cache_control"]);
        Assert.Equal("ephemeral", (string?)system[1]!["cache_control"]?["type"]);
        Assert.Equal("ephemeral", (string?)system[2]!["cache_control"]?["type"]);

        // Twelve custom tools (no `type`), one deferred.
        var tools = body["tools"]!.AsArray();
        Assert.Equal(12, tools.Count);
        Assert.All(tools, t => Assert.Null(t!["type"]));
        Assert.All(tools, t => Assert.Equal("object", (string?)t!["input_schema"]?["type"]));
        Assert.Single(tools, t => t!["defer_loading"] is JsonValue v && v.GetValue<bool>());

        // A role: "system" entry inside messages, with its own output_config.
        var systemMessage = Assert.Single(body["messages"]!.AsArray(), m => (string?)m!["role"] == "system");
        Assert.Equal("medium", (string?)systemMessage!["output_config"]?["effort"]);
    }

    [Fact]
    public void System_message_content_is_an_array_in_one_capture_and_a_string_in_the_other()
    {
        JsonNode SystemContent(string file) => Body(file)["messages"]!.AsArray().Single(m => (string?)m!["role"] == "system")!["content"]!;

        Assert.Equal(JsonValueKind.Array, SystemContent(FirstTurn).GetValueKind());
        Assert.Equal(JsonValueKind.String, SystemContent(ParallelTools).GetValueKind());
    }

    [Fact]
    public void Second_turn_answers_two_parallel_tool_calls()
    {
        var messages = Body(ParallelTools)["messages"]!.AsArray();
        Assert.Equal(["user", "system", "assistant", "user"], messages.Select(m => (string?)m!["role"]));

        var toolUses = messages[2]!["content"]!.AsArray().Where(b => (string?)b!["type"] == "tool_use").ToList();
        Assert.Equal(["Read", "Bash"], toolUses.Select(b => (string?)b!["name"]));

        var results = messages[3]!["content"]!.AsArray();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("tool_result", (string?)r!["type"]));
        Assert.Equal(toolUses.Select(b => (string?)b!["id"]), results.Select(r => (string?)r!["tool_use_id"]));

        var last = results[1]!;
        Assert.False((bool)last["is_error"]!);
        Assert.Equal("ephemeral", (string?)last["cache_control"]?["type"]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Deviations_from_CreateMessageParams_are_exactly_the_known_ones(string file)
    {
        var errors = SchemaValidator.Anthropic.ValidateDetailed("CreateMessageParams", Body(file));

        Assert.Equal(
            KnownViolations.Select(v => $"{v.Path} {v.Kind}"),
            errors.Select(e => $"{e.Path} {e.Kind}"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Body_is_valid_once_the_known_deviations_are_removed(string file)
    {
        // Everything else (adaptive thinking, effort, defer_loading, cache_control, tool_result blocks, …) is
        // already in the committed spec.
        var body = Body(file);
        body.Remove("context_management");
        var messages = body["messages"]!.AsArray();
        messages.Remove(messages.Single(m => (string?)m!["role"] == "system"));

        SchemaValidator.Anthropic.AssertValid("CreateMessageParams", body);
    }

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.FixturesDir, "claude-code", file)))!.AsObject();

    private static JsonObject Body(string file) => Load(file)["body"]!.AsObject();
}
