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
}
