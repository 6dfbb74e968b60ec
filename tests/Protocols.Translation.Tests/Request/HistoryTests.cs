using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>Checklist D: assistant history (C21–C24).</summary>
public sealed class HistoryTests
{
    [Fact]
    public void C21_ToolUse_BecomesToolCallWithInputAsJsonString()
    {
        var context = RequestCases.AssertCase("C21-tool-use-history");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C21_ToolUseInputHoldingHalfASurrogatePair_IsSentAsWritten_NotAFailure()
    {
        // "\ud83d" alone is valid JSON that JsonElement.WriteTo refuses to write: the translation threw (a 500 at the proxy).
        const string Body = """{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Echo","input":{"s": "\ud83d"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}""";
        var (_, json) = RequestCases.Translate(Body);
        var call = json["messages"]![1]!["tool_calls"]![0]!["function"]!;
        Assert.Equal("Echo", (string?)call["name"]);
        Assert.Equal("""{"s": "\ud83d"}""", (string?)call["arguments"]);
    }

    [Fact]
    public void C22_TextPlusToolUse_OneAssistantMessage_EmptyInputIsEmptyObject()
    {
        var context = RequestCases.AssertCase("C22-text-and-tool-use");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C23_ThinkingInHistory_DroppedForPlainTargets()
    {
        var context = RequestCases.AssertCase("C23-thinking-history");
        Assert.Equal([ConversionCodes.ThinkingDropped], RequestCases.Codes(context));
    }

    [Fact]
    public void C23_ThinkingInHistory_SentAsReasoningContentWhenConfigured()
    {
        var options = RequestCases.Target("deepseek-reasoner");
        options.Profile.SendReasoningContent = true;
        var (context, json) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C23-thinking-history.anthropic.json")), options);

        var assistant = System.Text.Json.Nodes.JsonNode.Parse(json)!["messages"]![1]!;
        Assert.Equal("assistant", (string?)assistant["role"]);
        Assert.Equal("4", (string?)assistant["content"]);
        Assert.Equal("Simple arithmetic: 4.", (string?)assistant["reasoning_content"]);
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C24_RedactedThinking_DroppedAndReported_NeverAnError()
    {
        var context = RequestCases.AssertCase("C24-redacted-thinking");
        Assert.Equal([ConversionCodes.RedactedThinkingDropped], RequestCases.Codes(context));

        // Also for targets that take thinking back: only Anthropic can read redacted thinking.
        var options = new TranslationOptions();
        options.Profile.SendReasoningContent = true;
        var (again, _) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C24-redacted-thinking.anthropic.json")), options);
        Assert.Equal([ConversionCodes.RedactedThinkingDropped], RequestCases.Codes(again));
    }
}
