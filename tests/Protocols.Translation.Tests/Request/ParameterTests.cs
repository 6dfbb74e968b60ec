using System.Text.Json.Nodes;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>Checklist F: parameters (C33–C40).</summary>
public sealed class ParameterTests
{
    [Fact]
    public void C33_EnabledThinking_BecomesReasoningEffortForReasoningTargets()
    {
        // budget 8000 → medium; temperature is dropped for o-series (C35).
        var context = RequestCases.AssertCase("C33-thinking-enabled", RequestCases.Target("o3"));
        Assert.Equal([ConversionCodes.TemperatureDropped], RequestCases.Codes(context));
        Assert.True(context.State.ThinkingRequested);
    }

    [Theory]
    [InlineData(1024, "low")]
    [InlineData(4095, "low")]
    [InlineData(4096, "medium")]
    [InlineData(16383, "medium")]
    [InlineData(16384, "high")]
    [InlineData(64000, "high")]
    public void C33_BudgetThresholds_LowMediumHigh(int budget, string effort)
    {
        var (_, json) = RequestCases.Translate(
            $$"""{"model":"m","max_tokens":100000,"thinking":{"type":"enabled","budget_tokens":{{budget}}},"messages":[{"role":"user","content":"Go"}]}""",
            RequestCases.Target("gpt-5"));
        Assert.Equal(effort, (string?)json["reasoning_effort"]);
    }

    [Fact]
    public void C33_BudgetThresholds_AreConfigurable()
    {
        var options = RequestCases.Target("o4-mini");
        options.Profile.LowEffortBelow = 100;
        options.Profile.MediumEffortBelow = 2000;
        var (_, json) = RequestCases.Translate(
            """{"model":"m","max_tokens":4000,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"Go"}]}""",
            options);
        Assert.Equal("medium", (string?)json["reasoning_effort"]);
    }

    [Fact]
    public void C33_AdaptiveWithOutputConfigEffort_UsesThatEffort()
    {
        var context = RequestCases.AssertCase("C33-adaptive-effort", RequestCases.Target("gpt-5"));
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C33_DisabledThinking_Omitted()
    {
        var (context, json) = RequestCases.Translate(
            """{"model":"m","max_tokens":10,"thinking":{"type":"disabled"},"messages":[{"role":"user","content":"Go"}]}""",
            RequestCases.Target("o3"));
        Assert.Null(json["reasoning_effort"]);
        Assert.False(context.State.ThinkingRequested);
        Assert.False(context.Report.IsLossy);
    }

    [Theory]
    [InlineData("o3")]
    [InlineData("gpt-4o")]
    public void C33_DisabledThinking_WithOutputConfigEffort_EffortDroppedAndReported(string target)
    {
        // C33: disabled sends no reasoning_effort, so an effort asked for alongside it is a lossy step.
        var (context, json) = RequestCases.Translate(
            """{"model":"m","max_tokens":10,"thinking":{"type":"disabled"},"output_config":{"effort":"high"},"messages":[{"role":"user","content":"Go"}]}""",
            RequestCases.Target(target));
        Assert.Null(json["reasoning_effort"]);
        Assert.False(context.State.ThinkingRequested);
        var note = Assert.Single(context.Report.Notes);
        Assert.Equal(ConversionCodes.ParameterDropped, note.Code);
        Assert.StartsWith("output_config.effort 'high' dropped", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C33_NotReasoningCapableTarget_OmittedAndReported()
    {
        var (context, json) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C33-thinking-enabled.anthropic.json")), RequestCases.Target("gpt-4o"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Null(node["reasoning_effort"]);
        Assert.Equal(1, (double)node["temperature"]!);
        Assert.Equal([ConversionCodes.ThinkingDropped], RequestCases.Codes(context));
    }

    [Fact]
    public void C33_ThinkingRequest_RoutedToTheReasoningModel()
    {
        var options = new TranslationOptions { ReasoningModel = "deepseek-reasoner", CompletionModel = "deepseek-chat" };
        var (thinking, withThinking) = RequestCases.Translate(
            """{"model":"claude-opus-4-5","max_tokens":10,"thinking":{"type":"enabled","budget_tokens":20000},"messages":[{"role":"user","content":"Go"}]}""",
            options);
        Assert.Equal("deepseek-reasoner", (string?)withThinking["model"]);
        Assert.Equal("high", (string?)withThinking["reasoning_effort"]);
        Assert.Equal("deepseek-reasoner", thinking.State.TargetModel);

        var (plain, withoutThinking) = RequestCases.Translate(
            """{"model":"claude-opus-4-5","max_tokens":10,"messages":[{"role":"user","content":"Go"}]}""",
            options);
        Assert.Equal("deepseek-chat", (string?)withoutThinking["model"]);
        Assert.Null(withoutThinking["reasoning_effort"]);
        Assert.False(plain.State.ThinkingRequested);
    }

    [Fact]
    public void C34_MaxTokens_ForClassicModels()
    {
        var (_, json) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C34-max-completion-tokens.anthropic.json")), RequestCases.Target("gpt-4.1"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal(1024, (int)node["max_tokens"]!);
        Assert.Null(node["max_completion_tokens"]);
    }

    [Fact]
    public void C34_MaxCompletionTokens_ForOSeriesAndGpt5()
    {
        var context = RequestCases.AssertCase("C34-max-completion-tokens", RequestCases.Target("o3-mini"));
        Assert.False(context.Report.IsLossy);

        var options = RequestCases.Target("my-reasoner");
        options.Profile.MaxCompletionTokensModels = ["my-*"];
        var (_, json) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C34-max-completion-tokens.anthropic.json")), options);
        Assert.Contains("\"max_completion_tokens\":1024", json, StringComparison.Ordinal);
    }

    [Fact]
    public void C34_MaxTokensAboveTheTargetLimit_IsClampedAndReported()
    {
        var options = RequestCases.Target("gpt-4o-mini");
        options.Profile.MaxOutputTokensByModel["gpt-4o*"] = 16384;
        var (context, json) = RequestCases.Translate("""{"model":"claude-sonnet-4-5","max_tokens":128000,"messages":[{"role":"user","content":"Go"}]}""", options);
        Assert.Equal(16384, (int)json["max_tokens"]!);
        Assert.Equal(["max_tokens_clamped"], RequestCases.Codes(context));

        var (unclamped, small) = RequestCases.Translate("""{"model":"claude-sonnet-4-5","max_tokens":1000,"messages":[{"role":"user","content":"Go"}]}""", options);
        Assert.Equal(1000, (int)small["max_tokens"]!);
        Assert.False(unclamped.Report.IsLossy);
    }

    [Fact]
    public void C35_TemperatureAndTopP_PassedWhenPresent()
    {
        var context = RequestCases.AssertCase("C35-sampling");
        Assert.False(context.Report.IsLossy);

        var (_, json) = RequestCases.Translate("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Go"}]}""");
        Assert.Null(json["temperature"]);
        Assert.Null(json["top_p"]);
    }

    [Fact]
    public void C35_TemperatureAndTopP_DroppedForDefaultSamplingOnlyModels()
    {
        var (context, json) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C35-sampling.anthropic.json")), RequestCases.Target("gpt-5-mini"));
        Assert.DoesNotContain("temperature", json, StringComparison.Ordinal);
        Assert.DoesNotContain("top_p", json, StringComparison.Ordinal);
        Assert.Equal([ConversionCodes.TemperatureDropped, ConversionCodes.TopPDropped], RequestCases.Codes(context));
    }

    [Fact]
    public void C36_TopK_DroppedForOpenAITargets()
    {
        var context = RequestCases.AssertCase("C36-top-k");
        Assert.Equal([ConversionCodes.TopKDropped], RequestCases.Codes(context));
    }

    [Fact]
    public void C36_TopK_PassedForTargetsThatAcceptIt()
    {
        var options = new TranslationOptions();
        options.Profile.AcceptsTopK = true;
        var (context, json) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C36-top-k.anthropic.json")), options);
        Assert.Contains("\"top_k\":40", json, StringComparison.Ordinal);
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C37_StopSequences_AtMostFourSent_RestEnforcedByTheProxy()
    {
        var context = RequestCases.AssertCase("C37-stop-sequences");
        Assert.Equal([ConversionCodes.StopSequencesEnforced], RequestCases.Codes(context));
        Assert.Equal(["five", "six", "seven", "eight", "nine", "\n\nHuman:"], context.State.StopSequences);
        Assert.Equal(["nine", "\n\nHuman:"], context.State.EnforcedStopSequences);
    }

    [Fact]
    public void C37_StopSequences_AllEnforcedForTargetsThatRejectStop()
    {
        var (context, json) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C37-stop-sequences.anthropic.json")), RequestCases.Target("o3"));
        Assert.DoesNotContain("\"stop\"", json, StringComparison.Ordinal);
        Assert.Equal(6, context.State.EnforcedStopSequences.Count);
        Assert.Equal([ConversionCodes.StopSequencesEnforced], RequestCases.Codes(context));
    }

    [Fact]
    public void C37_StopSequences_BeyondTheLimitDroppedWhenNotEnforced()
    {
        var (context, _) = RequestCases.Translate(
            File.ReadAllBytes(Path.Combine(RequestCases.CasesDir, "C37-stop-sequences.anthropic.json")),
            new TranslationOptions { EnforceStopSequences = false });
        Assert.Empty(context.State.EnforcedStopSequences);
        Assert.Equal([ConversionCodes.ParameterDropped], RequestCases.Codes(context));
    }

    [Fact]
    public void C38_MetadataUserId_BecomesUser()
    {
        var context = RequestCases.AssertCase("C38-metadata");
        Assert.False(context.Report.IsLossy);
    }

    [Fact]
    public void C39_Stream_AddsStreamOptionsIncludeUsage()
    {
        var context = RequestCases.AssertCase("C39-stream");
        Assert.True(context.State.Stream);
    }

    [Fact]
    public void Parameters_AllTogether_EachMappedOrReported()
    {
        // An audit probe: C16, C19, C24, C23, C36–C39 in one request; the assistant prefill stays the last message.
        var (context, json) = RequestCases.Translate("""
            {"model":"m","max_tokens":10,"temperature":0.2,"top_p":0.9,"top_k":5,"stop_sequences":["a","b","c","d","e"],
             "metadata":{"user_id":"u1"},"stream":true,
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "tools":[{"name":"a","input_schema":{"type":"object"}}],
             "messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"redacted_thinking","data":"zzz"},{"type":"thinking","thinking":"hmm","signature":"s"},{"type":"text","text":"pre"}]}]}
            """);
        Assert.Equal(0.2, (double)json["temperature"]!, 3);
        Assert.Equal(0.9, (double)json["top_p"]!, 3);
        Assert.Null(json["top_k"]);
        Assert.Equal(4, json["stop"]!.AsArray().Count);
        Assert.Equal("u1", (string?)json["user"]);
        Assert.Equal("required", (string?)json["tool_choice"]);
        Assert.False((bool)json["parallel_tool_calls"]!);
        Assert.True((bool)json["stream_options"]!["include_usage"]!);
        Assert.Equal("pre", (string?)json["messages"]![1]!["content"]);
        Assert.Equal(["e"], context.State.EnforcedStopSequences);
        Assert.Equal(
            [ConversionCodes.RedactedThinkingDropped, ConversionCodes.StopSequencesEnforced, ConversionCodes.ThinkingDropped, ConversionCodes.TopKDropped],
            RequestCases.Codes(context));
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}""")]
    [InlineData("""{"type":"object","additionalProperties":false}""")]
    [InlineData("""
        {"type":"object","additionalProperties":false,"required":["list","pick","ref"],"properties":{
          "list":{"type":"array","items":{"type":"object","properties":{"x":{"type":["number","null"]}},"required":["x"],"additionalProperties":false}},
          "pick":{"anyOf":[{"type":"string"},{"type":"object","properties":{"y":{"type":"integer"}},"required":["y"],"additionalProperties":false}]},
          "ref":{"$ref":"#/$defs/node"}},
         "$defs":{"node":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}}
        """)]
    public void OutputFormat_SchemaMeetingStrictModeEverywhere_SentStrict(string schema)
    {
        var (context, json) = RequestCases.Translate($$$"""
            {"model":"m","max_tokens":10,"output_config":{"format":{"type":"json_schema","schema":{{{schema}}}}},"messages":[{"role":"user","content":"Go"}]}
            """);
        var format = json["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(schema), format["json_schema"]!["schema"]));
        Assert.True((bool)format["json_schema"]!["strict"]!);
        Assert.False(context.Report.IsLossy);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"additionalProperties":false}""")] // b optional
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}""")] // no additionalProperties
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":true}""")]
    [InlineData("""{"type":"object","properties":{"o":{"type":"object","properties":{"x":{"type":"string"}},"required":["x"]}},"required":["o"],"additionalProperties":false}""")] // nested object
    [InlineData("""{"type":"object","properties":{"l":{"type":"array","items":{"type":"object","properties":{"x":{"type":"string"}}}}},"required":["l"],"additionalProperties":false}""")] // array items
    [InlineData("""{"type":"object","properties":{"p":{"anyOf":[{"type":"null"},{"type":"object","properties":{}}]}},"required":["p"],"additionalProperties":false}""")] // inside anyOf
    [InlineData("""{"type":"object","properties":{"r":{"$ref":"#/$defs/n"}},"required":["r"],"additionalProperties":false,"$defs":{"n":{"type":"object","properties":{"k":{"type":"string"}},"additionalProperties":false}}}""")] // in $defs
    [InlineData("""{"anyOf":[{"type":"object","properties":{},"additionalProperties":false}]}""")] // the root not an object
    public void OutputFormat_SchemaStrictModeWouldReject_SentWithoutStrict(string schema)
    {
        // OpenAI's strict mode rejects the whole request for such a schema; without strict it is still honoured as a format.
        var (_, json) = RequestCases.Translate($$$"""
            {"model":"m","max_tokens":10,"output_config":{"format":{"type":"json_schema","schema":{{{schema}}}}},"messages":[{"role":"user","content":"Go"}]}
            """);
        var jsonSchema = json["response_format"]!["json_schema"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(schema), jsonSchema["schema"]));
        Assert.Null(jsonSchema["strict"]);
    }

    [Fact]
    public void C40_RequestedModel_RecordedForTheResponseEcho()
    {
        var options = new TranslationOptions { ModelMap = [new ModelMapRule { Match = "claude-haiku-*", Target = "gpt-4o-mini" }] };
        var context = RequestCases.AssertCase("C40-model-echo", options);
        Assert.False(context.Report.IsLossy);
        Assert.Equal("claude-haiku-4-5", context.State.RequestedModel);
        Assert.Equal("gpt-4o-mini", context.State.TargetModel);
        Assert.True(options.EchoRequestedModel);
    }
}
