using System.Text.Json.Nodes;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>
/// The two real Claude Code requests (tests/fixtures/claude-code/) translate without error, validate against
/// the OpenAI schema, and keep every message and tool: <c>role:"system"</c> inside messages (C04),
/// <c>context_management</c> and a system entry's <c>output_config</c> (C05), adaptive thinking with
/// <c>output_config.effort</c> (C33), <c>metadata.user_id</c> holding JSON (C38), cache_control (C02),
/// parallel tool results (C25, C31).
/// </summary>
public sealed class ClaudeCodeRequestTests
{
    [Fact]
    public void C04_C05_ClaudeCodeFirstTurn_TranslatesValidatesAndKeepsEverything()
    {
        var (context, json) = RequestCases.Translate(RequestCases.ClaudeCodeBody("request-1-first-turn.json"), RequestCases.Target("gpt-5"));
        var result = JsonNode.Parse(json)!;
        var messages = result["messages"]!.AsArray();

        // system prompt, user turn, the system entry kept in place (developer for gpt-5).
        Assert.Equal(["developer", "user", "developer"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal(2, messages[1]!["content"]!.AsArray().Count);
        Assert.Equal(SystemPrompt("request-1-first-turn.json"), (string?)messages[0]!["content"]);

        AssertTwelveTools(result);
        Assert.Equal("medium", (string?)result["reasoning_effort"]);
        Assert.Equal(128000, (int)result["max_completion_tokens"]!);
        Assert.True((bool)result["stream"]!);
        Assert.True((bool)result["stream_options"]!["include_usage"]!);
        Assert.NotNull(JsonNode.Parse((string)result["user"]!)!["session_id"]);

        Assert.Equal(
            [ConversionCodes.CacheControlRemoved, ConversionCodes.ParameterDropped, ConversionCodes.UnknownFieldIgnored],
            RequestCases.Codes(context));
        var unknown = context.Report.Notes.Where(n => n.Code == ConversionCodes.UnknownFieldIgnored).Select(n => n.Message.Split(':')[0]);
        Assert.Equal(["context_management", "messages[1].output_config"], unknown.Order(StringComparer.Ordinal));
        Assert.True(context.State.ThinkingRequested);
        Assert.Equal("claude-opus-5-5", context.State.RequestedModel);
    }

    [Fact]
    public void C25_C31_ClaudeCodeParallelToolsRoundTrip_TranslatesValidatesAndKeepsEverything()
    {
        var (context, json) = RequestCases.Translate(RequestCases.ClaudeCodeBody("request-2-parallel-tools-round-trip.json"));
        var result = JsonNode.Parse(json)!;
        var messages = result["messages"]!.AsArray();

        Assert.Equal(["system", "user", "system", "assistant", "tool", "tool"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal(SystemPrompt("request-2-parallel-tools-round-trip.json"), (string?)messages[0]!["content"]);
        var assistant = messages[3]!;
        Assert.Equal("Let me read it.", (string?)assistant["content"]);
        var calls = assistant["tool_calls"]!.AsArray();
        Assert.Equal(["toolu_cap1", "toolu_cap2"], calls.Select(c => (string?)c!["id"]));
        Assert.Equal(["Read", "Bash"], calls.Select(c => (string?)c!["function"]!["name"]));
        Assert.Equal("""{"file_path":"/home/user/project/hello.txt"}""", JsonNode.Parse((string)calls[0]!["function"]!["arguments"]!)!.ToJsonString());
        Assert.Equal("toolu_cap1", (string?)messages[4]!["tool_call_id"]);
        Assert.Equal("1\thello capture\n2\t", (string?)messages[4]!["content"]);
        Assert.Equal("toolu_cap2", (string?)messages[5]!["tool_call_id"]);
        Assert.Equal("hello.txt", (string?)messages[5]!["content"]);

        AssertTwelveTools(result);

        // A plain target: no reasoning, sampling as sent, max_tokens.
        Assert.Null(result["reasoning_effort"]);
        Assert.Equal(128000, (int)result["max_tokens"]!);
        Assert.Contains(ConversionCodes.ThinkingDropped, RequestCases.Codes(context));
        Assert.Contains(ConversionCodes.CacheControlRemoved, RequestCases.Codes(context));
        Assert.Contains(ConversionCodes.UnknownFieldIgnored, RequestCases.Codes(context));
        Assert.DoesNotContain(ConversionCodes.OrphanToolUse, RequestCases.Codes(context));
        Assert.DoesNotContain(ConversionCodes.OrphanToolResult, RequestCases.Codes(context));
    }

    private static void AssertTwelveTools(JsonNode result)
    {
        var tools = result["tools"]!.AsArray();
        Assert.Equal(12, tools.Count);
        Assert.All(tools, t => Assert.Equal("function", (string?)t!["type"]));
        Assert.Equal(
            ["Agent", "Bash", "Edit", "ListAgents", "Read", "ReportFindings", "ScheduleWakeup", "Skill", "ToolSearch", "Workflow", "DeferredToolPlaceholder", "Write"],
            tools.Select(t => (string?)t!["function"]!["name"]));
        Assert.All(tools, t => Assert.Equal("object", (string?)t!["function"]!["parameters"]!["type"]));
    }

    // The three system blocks joined with a blank line (C02).
    private static string SystemPrompt(string file)
    {
        var system = JsonNode.Parse(RequestCases.ClaudeCodeBody(file))!["system"]!.AsArray();
        Assert.Equal(3, system.Count);
        return string.Join("\n\n", system.Select(b => (string)b!["text"]!));
    }
}
