using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>Checklist A: system prompt and roles (C01–C07).</summary>
public sealed class SystemAndRoleTests
{
    [Fact]
    public void C01_SystemString_BecomesFirstSystemMessage()
    {
        var context = RequestCases.AssertCase("C01-system-string");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C02_SystemBlocks_JoinedWithBlankLine_CacheControlRemoved()
    {
        var context = RequestCases.AssertCase("C02-system-blocks");
        Assert.Equal([ConversionCodes.CacheControlRemoved], RequestCases.Codes(context));
    }

    [Fact]
    public void C03_EmptyWhitespaceAndNonTextSystemBlocks_Skipped()
    {
        var context = RequestCases.AssertCase("C03-empty-system-blocks");
        Assert.Equal([ConversionCodes.BlockReplaced], RequestCases.Codes(context));
        Assert.Contains(context.Report.Notes, n => n.Message.StartsWith("system[2]: image block skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void C03_OnlyEmptySystemBlocks_NoSystemMessageAtAll()
    {
        var (context, json) = RequestCases.Translate("""
            {"model":"claude-sonnet-4-5","max_tokens":10,"system":[{"type":"text","text":" "},{"type":"text","text":""}],
             "messages":[{"role":"user","content":"Hi"},{"role":"system","content":"  "},{"role":"system","content":[{"type":"text","text":""}]}]}
            """);
        var messages = json["messages"]!.AsArray();
        Assert.Single(messages);
        Assert.Equal("user", (string?)messages[0]!["role"]);
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C04_SystemRoleInsideMessages_KeptInPlaceAsSystemMessage()
    {
        var context = RequestCases.AssertCase("C04-system-role-in-messages");

        // The system entry's own output_config is ignored (C05), its cache_control removed (C02).
        Assert.Equal([ConversionCodes.CacheControlRemoved, ConversionCodes.UnknownFieldIgnored], RequestCases.Codes(context));
        Assert.Contains(context.Report.Notes, n => n.Message.StartsWith("messages[1].output_config", StringComparison.Ordinal));
    }

    [Fact]
    public void C04_SystemRoleInsideMessages_BecomesDeveloperMessageForGpt5()
    {
        var context = RequestCases.AssertCase("C04-developer-role", RequestCases.Target("gpt-5"));
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C04_UnknownRole_Is400NamingTheRole()
    {
        var error = Assert.Throws<TranslationException>(() => RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"},{"role":"critic","content":"Meh"}]}
            """));
        Assert.Equal(400, error.Status);
        Assert.StartsWith("messages[1].role:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C05_UnknownFields_TopLevelBlockAndCacheControl_IgnoredAndReported()
    {
        var context = RequestCases.AssertCase("C05-unknown-fields");
        Assert.Equal([ConversionCodes.CacheControlRemoved, ConversionCodes.UnknownFieldIgnored], RequestCases.Codes(context));
        var messages = context.Report.Notes.Where(n => n.Code == ConversionCodes.UnknownFieldIgnored).Select(n => n.Message.Split(':')[0]).Order(StringComparer.Ordinal);
        Assert.Equal(["context_management", "messages[0].content[0].x_trace", "some_future_flag"], messages);
    }

    [Fact]
    public void C06_ConsecutiveSameRoleMessages_KeptInOrder()
    {
        var context = RequestCases.AssertCase("C06-consecutive-roles");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C07_AssistantWithOnlyToolUse_HasNullContentAndToolCalls()
    {
        var context = RequestCases.AssertCase("C07-assistant-only-tool-use");
        Assert.False(context.Report.IsLossy);
    }
}
