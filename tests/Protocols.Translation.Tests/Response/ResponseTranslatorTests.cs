using System.Text.Json.Nodes;
using Protocols.Anthropic;
using Xunit;

namespace Protocols.Translation.Tests.Response;

/// <summary>Checklist G: the non-streaming response (C41–C52), plus C13 and C40 on the way back.</summary>
public sealed class ResponseTranslatorTests
{
    [Fact]
    public void C41_Id_IsMsgPrefixed_NeverTheUpstreamId()
    {
        var run = ResponseCases.AssertCase("C41-text");
        Assert.StartsWith("msg_", run.Message.Id, StringComparison.Ordinal);
        Assert.DoesNotContain("chatcmpl", run.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("message", (string?)run.Json["type"]);
        Assert.Equal("assistant", (string?)run.Json["role"]);

        // Unique per answer.
        var again = ResponseCases.Translate(File.ReadAllBytes(Path.Combine(ResponseCases.CasesDir, "C41-text.openai.json")));
        Assert.NotEqual(run.Message.Id, again.Message.Id);
        Assert.Empty(run.Codes);
    }

    [Fact]
    public void C42_ReasoningTextAndToolCalls_OrderedThinkingTextToolUse()
    {
        var run = ResponseCases.AssertCase("C42-reasoning-text-tools");
        Assert.Equal(["thinking", "text", "tool_use"], Types(run.Json));
        Assert.Equal(StopReason.ToolUse, run.Message.StopReason);
    }

    [Fact]
    public void C43_ReasoningContent_ThinkingBlockWithEmptySignature()
    {
        var run = ResponseCases.AssertCase("C43-reasoning-content");
        var thinking = run.Json["content"]![0]!;
        Assert.Equal("thinking", (string?)thinking["type"]);
        Assert.Equal(string.Empty, (string?)thinking["signature"]);

        // The "reasoning" member (OpenRouter, Ollama) is read the same way.
        var other = ResponseCases.AssertCase("C43-reasoning-member");
        Assert.Equal("OpenRouter-style reasoning.", (string?)other.Json["content"]![0]!["thinking"]);
    }

    [Fact]
    public void C44_InvalidToolArguments_RepairedOrEmptyObjectAndReported()
    {
        var run = ResponseCases.AssertCase("C44-invalid-arguments");
        var inputs = run.Json["content"]!.AsArray().Select(b => b!["input"]!.ToJsonString()).ToArray();
        Assert.Equal(
            [
                """{"command":"ls"}""",
                """{"path":"/a","limit":[1,2]}""",
                """{"pattern":"TODO"}""",
                """{"path":"/b","content":"hel"}""",
                """{"pattern":"*.cs"}""",
                "{}",
                "{}",
            ],
            inputs);
        Assert.Equal([ConversionCodes.ToolArgumentsInvalid, ConversionCodes.ToolArgumentsRepaired], run.Codes);

        // The raw text of the unusable arguments is in the report.
        Assert.Contains(run.Context.Report.Notes, n => n.Code == ConversionCodes.ToolArgumentsInvalid && n.Message.Contains("not json at all", StringComparison.Ordinal));
    }

    [Fact]
    public void C44_ToolArgumentsSentAsAnObject_AreTheInput_NeverA502()
    {
        // Tool arguments as a JSON object rather than a string of JSON, with "type":"function" (confirmed by the
        // audit; no server named). The arguments member reads the object as its JSON text (specs/openai/protocols.json).
        var run = ResponseCases.Translate(ResponseCases.Completion(
            """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":{"a":1}}}],"function_call":null}""",
            "tool_calls"));
        var block = Assert.IsType<ResponseToolUseBlock>(Assert.Single(run.Message.Content));
        Assert.Equal(("f", """{"a":1}"""), (block.Name, block.Input.GetRawText()));
        Assert.Equal(StopReason.ToolUse, run.Message.StopReason);
        Assert.Empty(run.Codes);

        // The deprecated function_call too.
        var legacy = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":null,"function_call":{"name":"g","arguments":{"b":[2]}}}""", "function_call"));
        Assert.Equal("""{"b":[2]}""", Assert.IsType<ResponseToolUseBlock>(Assert.Single(legacy.Message.Content)).Input.GetRawText());
    }

    [Fact]
    public void C45_OddOrMissingToolCallIds_ReducedOrGenerated()
    {
        var run = ResponseCases.AssertCase("C45-odd-tool-ids");
        var ids = run.Message.Content.OfType<ResponseToolUseBlock>().Select(b => b.Id).ToArray();
        Assert.Equal("functions_Bash_0", ids[0]);
        Assert.Matches("^toolu_[A-Za-z0-9]{24}$", ids[1]);
        Assert.Equal("call_dup", ids[2]);
        Assert.Matches("^toolu_[A-Za-z0-9]{24}$", ids[3]);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal([ConversionCodes.ToolCallIdReplaced], run.Codes);
    }

    [Fact]
    public void C46_Refusal_TextBlockAndStopReasonRefusal()
    {
        var run = ResponseCases.AssertCase("C46-refusal");
        Assert.Equal(StopReason.Refusal, run.Message.StopReason);
        Assert.Equal("I'm sorry, I can't help with that.", (string?)run.Json["content"]![0]!["text"]);
    }

    [Theory]
    [InlineData("C47-stop", "end_turn")]
    [InlineData("C47-length", "max_tokens")]
    [InlineData("C47-tool-calls", "tool_use")]
    public void C47_FinishReason_MapsToStopReason(string name, string expected)
    {
        var run = ResponseCases.AssertCase(name);
        Assert.Equal(expected, run.Message.StopReason?.Value);
    }

    [Fact]
    public void C47_FunctionCallAndUnknownFinishReasons_Mapped()
    {
        var legacy = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}}""", "function_call"));
        Assert.Equal(StopReason.ToolUse, legacy.Message.StopReason);
        Assert.Equal("f", legacy.Message.Content.OfType<ResponseToolUseBlock>().Single().Name);

        var eos = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":"x"}""", "eos"));
        Assert.Equal(StopReason.EndTurn, eos.Message.StopReason);
        Assert.Empty(eos.Codes);

        var odd = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":"x"}""", "weird_reason"));
        Assert.Equal(StopReason.EndTurn, odd.Message.StopReason);
        Assert.Equal([ConversionCodes.FinishReasonUnknown], odd.Codes);
    }

    [Fact]
    public void C48_ContentFilter_Refusal()
    {
        var run = ResponseCases.AssertCase("C48-content-filter");
        Assert.Equal(StopReason.Refusal, run.Message.StopReason);
        Assert.Empty(run.Message.Content);
    }

    [Fact]
    public void C49_StopWithToolCalls_ToolUse()
    {
        var run = ResponseCases.AssertCase("C49-stop-with-tool-calls");
        Assert.Equal(StopReason.ToolUse, run.Message.StopReason);
        Assert.Equal(["tool_use"], Types(run.Json));
    }

    [Fact]
    public void C50_StopSequence_EnforcedOrReportedByBackend()
    {
        // Enforced by the translator: the text ends before the sequence; what followed is not part of the answer.
        var enforced = ResponseCases.AssertCase("C50-enforced-stop-sequence");
        Assert.Equal(StopReason.StopSequence, enforced.Message.StopReason);
        Assert.Equal("STOP", enforced.Message.StopSequence);
        Assert.Equal("alpha beta ", ((ResponseTextBlock)enforced.Message.Content.Single()).Text);
        Assert.Equal([ConversionCodes.ToolCallDropped], enforced.Codes);

        // Matched by the backend (vLLM's choices[].stop_reason).
        var backend = ResponseCases.AssertCase("C50-backend-stop-sequence");
        Assert.Equal(StopReason.StopSequence, backend.Message.StopReason);
        Assert.Equal("</answer>", backend.Message.StopSequence);
    }

    [Fact]
    public void C37_StopSequencesBeyondTheTargetLimit_EnforcedOnTheOutput()
    {
        // The request side sent 4 sequences upstream and left the fifth to be enforced here.
        var state = CaseState.DefaultState();
        state.StopSequences.AddRange(["s1", "s2", "s3", "s4", "\n\nHuman:"]);
        state.EnforcedStopSequences.Add("\n\nHuman:");
        var run = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":"Answer.\n\nHuman: next question"}"""), state);
        Assert.Equal("Answer.", ((ResponseTextBlock)run.Message.Content.Single()).Text);
        Assert.Equal(StopReason.StopSequence, run.Message.StopReason);
        Assert.Equal("\n\nHuman:", run.Message.StopSequence);
    }

    [Fact]
    public void C50_EnforcementOff_TextUntouched()
    {
        var state = CaseState.DefaultState();
        state.EnforcedStopSequences.Add("STOP");
        var run = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":"a STOP b"}"""), state, new TranslationOptions { EnforceStopSequences = false });
        Assert.Equal("a STOP b", ((ResponseTextBlock)run.Message.Content.Single()).Text);
        Assert.Equal(StopReason.EndTurn, run.Message.StopReason);
    }

    [Fact]
    public void C50_EarliestEndingSequenceWins()
    {
        var state = CaseState.DefaultState();
        state.EnforcedStopSequences.AddRange(["abcd", "bc"]);
        var run = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":"xxabcdyy"}"""), state);
        Assert.Equal("bc", run.Message.StopSequence);
        Assert.Equal("xxa", ((ResponseTextBlock)run.Message.Content.Single()).Text);
    }

    [Fact]
    public void C51_Usage_CachedTokensSplitOut()
    {
        var run = ResponseCases.AssertCase("C51-usage-cached");
        var usage = run.Message.Usage;
        Assert.Equal(2006 - 1920, usage.InputTokens);
        Assert.Equal(1920, usage.CacheReadInputTokens);
        Assert.Equal(0, usage.CacheCreationInputTokens);
        Assert.Equal(300, usage.OutputTokens);
    }

    [Fact]
    public void C51_Usage_DeepSeekCacheHitsAndMissingUsage()
    {
        var deepSeek = ResponseCases.Translate(ResponseCases.Completion(
            """{"role":"assistant","content":"x"}""",
            usageJson: """{"prompt_tokens":100,"completion_tokens":5,"total_tokens":105,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}"""));
        Assert.Equal(36, deepSeek.Message.Usage.InputTokens);
        Assert.Equal(64, deepSeek.Message.Usage.CacheReadInputTokens);

        // No usage at all: the request estimate and an output estimate stand in.
        var none = ResponseCases.Translate(ResponseCases.Completion("""{"role":"assistant","content":"12345678"}"""));
        Assert.Equal(42, none.Message.Usage.InputTokens);
        Assert.Equal(2, none.Message.Usage.OutputTokens);
    }

    [Theory]
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}""", "no choices")]
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m"}""", "no choices")]
    [InlineData("""{"error":{"message":"Rate limit reached for sk-abcdefghijklmnopqrstuvwx","type":"requests","code":"rate_limit_exceeded"}}""", "error object")]
    [InlineData("""{"object":"error","message":"model overloaded","type":"ServiceUnavailable","code":503}""", "error object")]
    [InlineData("""{"choices": [ {"index": 0,""", "not a chat completion")]
    [InlineData("""<html><body>502 Bad Gateway</body></html>""", "not a chat completion")]
    [InlineData("""[1, 2, 3]""", "not a chat completion")]
    [InlineData("   ", "empty body")]

    // OpenRouter's failed generation: finish_reason "error", its error beside the choices (was end_turn with half an answer).
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m","error":{"code":502,"message":"Provider returned error for sk-abcdefghijklmnopqrstuvwx"},"choices":[{"index":0,"message":{"role":"assistant","content":"Half an"},"finish_reason":"error"}]}""", "finish_reason 'error': Provider returned error for [REDACTED]")]
    [InlineData("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Half an"},"finish_reason":"error"}]}""", "upstream ended the answer with finish_reason 'error'")]
    public void C52_UnusableSuccessBody_ApiError502(string body, string expected)
    {
        var context = new ResponseContext(new TranslationOptions(), CaseState.DefaultState(), new ConversionReport());
        var e = Assert.Throws<TranslationException>(() => ResponseTranslator.TranslateBody(System.Text.Encoding.UTF8.GetBytes(body), context));
        Assert.Equal(502, e.Status);
        Assert.Equal("api_error", e.ErrorType);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-abcdefghijklmnop", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("Exception", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C52_TranslateWithNoChoices_ApiError502()
    {
        var context = new ResponseContext(new TranslationOptions(), CaseState.DefaultState(), new ConversionReport());
        var source = new Protocols.OpenAI.CreateChatCompletionResponse { Id = "x", Choices = [], Created = 1, Model = "m" };
        var e = Assert.Throws<TranslationException>(() => ResponseTranslator.Translate(source, context));
        Assert.Equal(502, e.Status);
    }

    [Fact]
    public void C52_NullsWhereTheSpecSaysRequired_NoCrash()
    {
        // A lenient reader leaves message, finish_reason and usage members unset: still a valid Message.
        var run = ResponseCases.Translate("""{"choices":[{"index":0}]}""");
        Assert.Empty(run.Message.Content);
        Assert.Equal(StopReason.EndTurn, run.Message.StopReason);
    }

    [Fact]
    public void C52_FinishReasonNull_ReadsLikeAMissingOne()
    {
        // "finish_reason": null in a complete answer (an audit probe; no server confirmed): like a missing one,
        // end_turn, where it was a 502.
        var run = ResponseCases.Translate("""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":null}],"usage":{"prompt_tokens":5,"completion_tokens":1}}""");
        Assert.Equal("Hi", Assert.IsType<ResponseTextBlock>(Assert.Single(run.Message.Content)).Text);
        Assert.Equal(StopReason.EndTurn, run.Message.StopReason);
    }

    [Fact]
    public void C13_ShortenedToolName_RestoredInResponse()
    {
        var run = ResponseCases.AssertCase("C13-tool-name-restored");
        Assert.Equal("mcp__srv__long_tool_name_that_went_over_the_sixty_four_character_limit_of_openai", run.Message.Content.OfType<ResponseToolUseBlock>().Single().Name);
    }

    [Fact]
    public void C40_Model_EchoesRequestedModelByDefault_UpstreamModelWhenConfigured()
    {
        Assert.Equal(CaseState.RequestedModel, ResponseCases.AssertCase("C41-text").Message.Model.Value);
        Assert.Equal("gpt-4o-2024-08-06", ResponseCases.AssertCase("C40-upstream-model").Message.Model.Value);
    }

    [Fact]
    public void UnknownToolCallShapes_FunctionWithoutTypeKept_OthersDroppedAndReported()
    {
        var run = ResponseCases.Translate(ResponseCases.Completion(
            """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","function":{"name":"f","arguments":{"a":1}}},{"id":"call_2","type":"mystery"},{"id":"call_3","type":"custom","custom":{"name":"grammar_tool","input":"free text"}}]}""",
            "tool_calls"));
        var blocks = run.Message.Content.OfType<ResponseToolUseBlock>().ToArray();
        Assert.Equal(["f", "grammar_tool"], blocks.Select(b => b.Name));
        Assert.Equal("""{"a":1}""", blocks[0].Input.GetRawText());
        Assert.Equal("""{"input":"free text"}""", blocks[1].Input.GetRawText());
        Assert.Equal([ConversionCodes.ToolCallDropped], run.Codes);
    }

    private static string[] Types(JsonNode message) => [.. message["content"]!.AsArray().Select(b => (string)b!["type"]!)];
}
