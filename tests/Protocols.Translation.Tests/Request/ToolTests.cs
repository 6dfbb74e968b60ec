using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Protocols.Core;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>Checklist C: tools and tool_choice (C11–C20).</summary>
public sealed partial class ToolTests
{
    private const string LongName = "mcp__github_enterprise_server__list_pull_request_review_comments_for_repository";

    [Fact]
    public void C11_Tools_BecomeFunctionsWithInputSchemaAsParameters()
    {
        var context = RequestCases.AssertCase("C11-tools");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C12_StrictTool_KeepsFunctionStrict()
    {
        var context = RequestCases.AssertCase("C12-strict-tool");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C13_LongToolName_ShortenedInToolsHistoryAndChoice_OriginalRecorded()
    {
        var context = RequestCases.AssertCase("C13-long-tool-name");
        Assert.Equal([ConversionCodes.ToolNameShortened], RequestCases.Codes(context));

        var (shortName, original) = Assert.Single(context.State.ToolNames);
        Assert.Equal(LongName, original);
        Assert.Equal(64, shortName.Length);
        Assert.Equal(LongName, context.State.OriginalToolName(shortName));
        Assert.Equal("get_time", context.State.OriginalToolName("get_time"));
    }

    [Fact]
    public void C13_ShortenedName_IsDeterministicAndDistinct()
    {
        var first = RequestTranslator.ShortenToolName(LongName, 64);
        Assert.Equal(first, RequestTranslator.ShortenToolName(LongName, 64));
        Assert.NotEqual(first, RequestTranslator.ShortenToolName(LongName + "_v2", 64));
        Assert.Equal(LongName[..55] + "_", first[..56]);
        Assert.Matches("^[0-9a-f]{8}$", first[56..]);
    }

    [Fact]
    public void C13_ShortenedNames_FitTheLimitAndKeepOpenAINameCharacters()
    {
        var names = Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".ToCharArray())
            .ArrayOf()
            .Where(c => c.Length > 0)
            .Select(c => new string(c));
        var limits = Gen.Choose(1, 128);

        Prop.ForAll(names.ToArbitrary(), limits.ToArbitrary(), (name, max) =>
        {
            var shortName = name.Length <= max ? name : RequestTranslator.ShortenToolName(name, max);
            return shortName.Length <= max
                && FunctionName().IsMatch(shortName)
                && (name.Length <= max ? shortName == name : shortName == RequestTranslator.ShortenToolName(name, max));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void C14_ServerTool_Is400NamingTheToolType()
    {
        var error = Assert.Throws<TranslationException>(() => RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Search"}],
             "tools":[{"name":"a","input_schema":{"type":"object"}},{"type":"web_search_20250305","name":"web_search"}]}
            """));
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.StartsWith("tools[1]: tool type 'web_search_20250305'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"bash_20250124","name":"bash"}""", "bash_20250124")]
    [InlineData("""{"type":"code_execution_20250825","name":"code_execution"}""", "code_execution_20250825")]
    [InlineData("""{"type":"text_editor_20250728","name":"str_replace_based_edit_tool"}""", "text_editor_20250728")]
    [InlineData("""{"type":"tool_search_tool_regex_20251119","name":"tool_search_tool_regex"}""", "tool_search_tool_regex_20251119")]
    [InlineData("""{"type":"computer_20250124","name":"computer","display_width_px":1024,"display_height_px":768}""", "computer_20250124")]
    public void C14_EveryNonCustomToolType_Is400NamingTheType(string tool, string type)
    {
        var error = Assert.Throws<TranslationException>(() => RequestCases.Translate(
            $$"""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Go"}],"tools":[{{tool}}]}"""));
        Assert.Equal(400, error.Status);
        Assert.Contains($"'{type}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C14_ServerTool_DroppedAndReportedWhenConfigured()
    {
        var context = RequestCases.AssertCase("C14-server-tool-dropped", new TranslationOptions { DropServerTools = true });
        Assert.Equal([ConversionCodes.ServerToolDropped], RequestCases.Codes(context));
    }

    [Fact]
    public void C15_ToolChoiceAuto_BecomesAuto() => Assert.False(RequestCases.AssertCase("C15-tool-choice-auto").Report.IsLossy);

    [Fact]
    public void C16_ToolChoiceAny_BecomesRequired() => Assert.False(RequestCases.AssertCase("C16-tool-choice-any").Report.IsLossy);

    [Fact]
    public void C17_ToolChoiceTool_BecomesNamedFunction() => Assert.False(RequestCases.AssertCase("C17-tool-choice-tool").Report.IsLossy);

    [Fact]
    public void C18_ToolChoiceNone_BecomesNone() => Assert.False(RequestCases.AssertCase("C18-tool-choice-none").Report.IsLossy);

    [Fact]
    public void C19_DisableParallelToolUse_BecomesParallelToolCallsFalse() => Assert.False(RequestCases.AssertCase("C19-disable-parallel").Report.IsLossy);

    [Fact]
    public void C20_ToolChoiceWithoutTools_Omitted()
    {
        RequestCases.AssertCase("C20-tool-choice-without-tools");

        // Also when every tool was a dropped server tool.
        var (_, json) = RequestCases.Translate(
            """
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Go"}],
             "tools":[{"type":"web_search_20250305","name":"web_search"}],"tool_choice":{"type":"any"}}
            """,
            new TranslationOptions { DropServerTools = true });
        Assert.Null(json["tools"]);
        Assert.Null(json["tool_choice"]);
        Assert.Null(json["parallel_tool_calls"]);
    }

    [Fact]
    public void C17_ToolChoiceNamingAToolNotSent_OmittedAndReported()
    {
        var context = new RequestContext(new TranslationOptions { DropServerTools = true });
        var result = RequestCases.TranslateTyped(
            """
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Go"}],
             "tools":[{"name":"a","input_schema":{"type":"object"}},{"type":"web_search_20250305","name":"web_search"}],
             "tool_choice":{"type":"tool","name":"web_search"}}
            """,
            context);
        Assert.Null(result.ToolChoice);
        Assert.Contains(ConversionCodes.ParameterDropped, RequestCases.Codes(context));
        Assert.Contains("\"tools\":[{\"type\":\"function\"", JsonModel.ToJsonString(result), StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex FunctionName();
}
