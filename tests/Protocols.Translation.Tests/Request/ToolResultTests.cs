using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>Checklist E: tool results (C25–C32).</summary>
public sealed class ToolResultTests
{
    [Fact]
    public void C25_ToolResultString_BecomesToolMessage()
    {
        var context = RequestCases.AssertCase("C25-tool-result-string");
        Assert.Equal([ConversionCodes.CacheControlRemoved], RequestCases.Codes(context));
    }

    [Fact]
    public void C26_ToolResultTextArray_OneToolMessageJoinedWithNewline()
    {
        var context = RequestCases.AssertCase("C26-tool-result-text-array");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C27_ToolResultImages_MovedToUserMessageAfterToolMessages()
    {
        var context = RequestCases.AssertCase("C27-tool-result-images");
        Assert.Equal([ConversionCodes.ToolResultImagesMoved], RequestCases.Codes(context));
    }

    [Fact]
    public void C28_IsError_PrefixesError()
    {
        var context = RequestCases.AssertCase("C28-tool-result-error");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C29_ToolResultWithoutContent_IsEmptyString()
    {
        var context = RequestCases.AssertCase("C29-tool-result-no-content");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C30_ToolReferenceAndUnknownBlocks_BecomeShortPlaceholders()
    {
        var context = RequestCases.AssertCase("C30-tool-reference-and-unknown");
        Assert.Equal([ConversionCodes.BlockReplaced], RequestCases.Codes(context));
        Assert.Equal(2, context.Report.Notes.Count(n => n.Code == ConversionCodes.BlockReplaced));
    }

    [Fact]
    public void C31_MixedUserTurn_ToolMessagesFirstThenOneUserMessage()
    {
        var context = RequestCases.AssertCase("C31-mixed-user-turn");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C32_OrphanToolUseGetsPlaceholder_OrphanToolResultBecomesUserText()
    {
        var context = RequestCases.AssertCase("C32-orphans");
        Assert.Equal([ConversionCodes.OrphanToolResult, ConversionCodes.OrphanToolUse], RequestCases.Codes(context));
        Assert.Equal(2, context.Report.Notes.Count(n => n.Code == ConversionCodes.OrphanToolUse));
    }

    [Fact]
    public void C32_ToolResultsSplitOverConsecutiveUserMessages_StillAnswerTheirCalls()
    {
        var (context, json) = RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"a","input":{}},{"type":"tool_use","id":"t2","name":"a","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"one"}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t2","content":"two"}]}],
             "tools":[{"name":"a","input_schema":{"type":"object"}}]}
            """);
        var roles = json["messages"]!.AsArray().Select(m => (string?)m!["role"]);
        Assert.Equal(["user", "assistant", "tool", "tool"], roles);
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C32_SystemEntryBetweenToolCallsAndResults_WaitsUntilTheResultsAreOut()
    {
        var (_, json) = RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"a","input":{}}]},
              {"role":"system","content":"Mind the budget."},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"one"},{"type":"text","text":"next"}]}],
             "tools":[{"name":"a","input_schema":{"type":"object"}}]}
            """);
        var roles = json["messages"]!.AsArray().Select(m => (string?)m!["role"]);
        Assert.Equal(["user", "assistant", "tool", "system", "user"], roles);
    }

    [Fact]
    public void C32_SystemEntriesAroundAResultsOnlyTurn_KeepTheirOrder()
    {
        // C04, C06: the entry held back while the call was pending goes out once its result is out, before a later one.
        var (_, json) = RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"a","input":{}}]},
              {"role":"system","content":"FIRST reminder"},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]},
              {"role":"system","content":"SECOND reminder"},
              {"role":"user","content":"next"}],
             "tools":[{"name":"a","input_schema":{"type":"object"}}]}
            """);
        var messages = json["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool", "system", "system", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("FIRST reminder", (string?)messages[3]!["content"]);
        Assert.Equal("SECOND reminder", (string?)messages[4]!["content"]);
    }

    [Fact]
    public void C27_SplitToolResults_FirstWithAnImage_SecondStillAnswersItsCall_ImageAfterAllToolMessages()
    {
        // C27, C31, C32: moving the first result's image out must not close the call the next user message answers.
        var (context, json) = RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"a","input":{}},{"type":"tool_use","id":"t2","name":"a","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"shot"},{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t2","content":"two"}]}],
             "tools":[{"name":"a","input_schema":{"type":"object"}}]}
            """);
        var messages = json["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool", "tool", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("t1", (string?)messages[2]!["tool_call_id"]);
        Assert.Equal("shot", (string?)messages[2]!["content"]);
        Assert.Equal("t2", (string?)messages[3]!["tool_call_id"]);
        Assert.Equal("two", (string?)messages[3]!["content"]);
        Assert.Contains("https://example.com/a.png", messages[4]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal([ConversionCodes.ToolResultImagesMoved], RequestCases.Codes(context));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void C27_ImageOfAResultWhoseSiblingCallIsNeverAnswered_StillFollowsTheToolMessages(bool assistantFollows)
    {
        // C27, C32: the held image goes out after the placeholder result, whether an assistant turn or the end follows.
        string next = assistantFollows ? """,{"role":"assistant","content":"done"}""" : string.Empty;
        var (context, json) = RequestCases.Translate($$$"""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"a","input":{}},{"type":"tool_use","id":"t2","name":"a","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]}{{{next}}}],
             "tools":[{"name":"a","input_schema":{"type":"object"}}]}
            """);
        var messages = json["messages"]!.AsArray();
        string[] roles = ["user", "assistant", "tool", "tool", "user"];
        string[] expected = assistantFollows ? [.. roles, "assistant"] : roles;
        Assert.Equal(expected, messages.Select(m => (string?)m!["role"]));
        Assert.Equal("t2", (string?)messages[3]!["tool_call_id"]);
        Assert.Contains("https://example.com/a.png", messages[4]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal([ConversionCodes.OrphanToolUse, ConversionCodes.ToolResultImagesMoved], RequestCases.Codes(context));
    }

    [Fact]
    public void C31_MixedTurn_ImageErrorAndEmptyResults_ToolMessagesInOrderThenTheRest()
    {
        // C27, C28, C29, C31 together (an audit probe): the tool messages first, then the moved image and the text.
        var (_, json) = RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":[{"type":"text","text":"calling"},{"type":"tool_use","id":"t1","name":"a","input":{}},{"type":"tool_use","id":"t2","name":"a","input":{"x":1}},{"type":"tool_use","id":"t3","name":"a","input":{}}]},
              {"role":"user","content":[
                {"type":"text","text":"before"},
                {"type":"tool_result","tool_use_id":"t1","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},{"type":"text","text":"t1 text"}]},
                {"type":"tool_result","tool_use_id":"t2","is_error":true},
                {"type":"tool_result","tool_use_id":"t3","content":[]}]}],
             "tools":[{"name":"a","input_schema":{"type":"object"}}]}
            """);
        var messages = json["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool", "tool", "tool", "user"], messages.Select(m => (string?)m!["role"]));
        Assert.Equal("t1 text", (string?)messages[2]!["content"]);
        Assert.Equal("Error: ", (string?)messages[3]!["content"]);
        Assert.Equal("", (string?)messages[4]!["content"]);
        Assert.Contains("data:image/png;base64,iVBORw0KGgo=", messages[5]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("before", messages[5]!.ToJsonString(), StringComparison.Ordinal);
    }
}
