using System.Text;
using System.Text.Json;
using Protocols.Anthropic;
using Xunit;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>
/// Streams as particular OpenAI-compatible servers really send them, outside what the OpenAI spec says. Every run
/// goes through <see cref="StreamHarness"/>, which checks each event against the Anthropic schema and the whole
/// sequence against the stream grammar (<see cref="EventGrammar"/>).
/// </summary>
public sealed class UpstreamQuirksTests
{
    private const string Head = """{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"m",""";

    private static byte[] Sse(params string[] data)
    {
        var sb = new StringBuilder();
        foreach (var d in data)
        {
            sb.Append("data: ").Append(d).Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string ErrorJson(StreamRun run) => Protocols.Core.JsonModel.ToJsonString(run.Result.Error!);

    // OpenRouter (documented): a failure mid-generation is a chunk with a top-level "error" beside choices whose
    // finish_reason is "error". C70: an error event ends the stream; no end_turn.
    [Fact]
    public async Task C70_ErrorMemberBesideChoices_IsAnErrorEvent()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}""",
            Head + """ "provider":"x","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""",
            "[DONE]"));
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "error"], run.Names);
        Assert.Null(run.Result.Delta);
        Assert.Contains("Provider disconnected unexpectedly", ErrorJson(run), StringComparison.Ordinal);
    }

    // OpenRouter documents "error" among its finish_reason values. C70: the answer failed; not an end_turn.
    [Fact]
    public async Task C70_FinishReasonError_IsAnErrorEvent()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"error"}]}""",
            "[DONE]"));
        Assert.Equal("error", run.Names[^1]);
        Assert.DoesNotContain("message_delta", run.Names);
        Assert.Equal("api_error", Errors.ErrorJson.Type(run.Result.Error!));
    }

    // A chunk whose error member is null is no error (only a chunk without choices is an error whatever it holds).
    [Fact]
    public async Task C70_NullErrorMemberBesideChoices_IsNoError()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "error":null,"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}""",
            "[DONE]"));
        Assert.Equal("message_stop", run.Names[^1]);
        Assert.Equal("x", run.Result.Text("text"));
    }

    // Ollama before ~0.1.39 (ollama#4357) and SGLang 0.4.3 (sglang#3912) send finish_reason "" in every
    // intermediate chunk: no finish, like null (C55/C63: one text block, not one per chunk).
    [Fact]
    public async Task EmptyFinishReasonInIntermediateChunks_IsNoFinish_OneTextBlock()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}]}""",
            "[DONE]"));
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal(("text", "Hello!"), (block.Kind, block.Content));
        Assert.Equal(StopReason.EndTurn, run.Result.Delta!.Delta.StopReason);
    }

    // The same servers (Ollama #4357, SGLang #3912), stream cut: C66, an error event, never a made-up end_turn.
    [Fact]
    public async Task C66_EmptyFinishReasonOnly_CutStream_IsAnErrorEvent()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":""}]}"""));
        Assert.Equal("error", run.Names[^1]);
        Assert.DoesNotContain("message_delta", run.Names);
    }

    // The same servers (Ollama #4357, SGLang #3912) with a tool call: C58/C60, the argument fragments after the
    // first chunk are kept.
    [Fact]
    public async Task EmptyFinishReasonInIntermediateChunks_ToolArgumentsKept()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"Read","arguments":""}}]},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"path\":"}}]},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"/x\"}"}}]},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal(("Read", """{"path":"/x"}"""), (block.Name, block.Content));
        Assert.Equal(StopReason.ToolUse, run.Result.Delta!.Delta.StopReason);
    }

    // "delta": null in a chunk (an audit probe; no server confirmed to send it, cheap to accept): no delta, not a
    // malformed chunk. C70 is for real errors only.
    [Fact]
    public async Task NullDelta_IsNoDelta()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":null,"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]"));
        Assert.Null(run.Result.Error);
        Assert.Equal("x", run.Result.Text("text"));
        Assert.Equal(StopReason.EndTurn, run.Result.Delta!.Delta.StopReason);
    }

    // A finish chunk without a delta member (an audit probe; no server confirmed). C47.
    [Fact]
    public async Task FinishChunkWithoutDelta_EndsTheTurn()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"finish_reason":"stop"}]}""",
            "[DONE]"));
        Assert.Null(run.Result.Error);
        Assert.Equal(StopReason.EndTurn, run.Result.Delta?.Delta.StopReason);
    }

    // A tool call whose name never comes, with a named call queued behind it (an audit probe; no server confirmed).
    // C59: the nameless one is dropped at the end; C60: the named one is not held with it.
    [Fact]
    public void C59_NamedCallQueuedBehindANamelessCall_IsNotDroppedWithIt()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_a","function":{"arguments":"{}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":1,"id":"call_b","function":{"name":"Read","arguments":"{\"path\":\"/x\"}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal(("Read", """{"path":"/x"}""", "call_b"), (block.Name, block.Content, block.Id));
        Assert.Equal(StopReason.ToolUse, run.Result.Delta!.Delta.StopReason);
        Assert.Contains(ConversionCodes.ToolCallDropped, run.Codes);
    }

    // Poolside and mlx-openai-server (before its fix): the first chunk carries id A and the name, later chunks id B
    // and no name. C58/C59: the same call; its arguments are kept under the first id.
    [Fact]
    public void C58_ToolCallIdChangingAfterTheFirstChunk_IsTheSameCall()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"Read","arguments":""}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_B","type":"function","function":{"arguments":"{\"path\":"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_B","type":"function","function":{"arguments":"\"/x\"}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal(("Read", """{"path":"/x"}""", "call_A"), (block.Name, block.Content, block.Id));
    }

    // A proxy in front of Gemini (dyedd/lens#49): further calls' arguments on index 0 with name "" and no id.
    // C44/C60: a fragment opening a new object after complete arguments is another call, never {…}{…}; that call
    // has no name, so it is dropped (C59: no placeholder name).
    [Fact]
    public void C60_NewObjectAfterCompleteArgumentsOnIndexZero_WithEmptyName_IsNotMergedIntoTheFirstCall()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"toolu_1","type":"function","function":{"name":"glob","arguments":""}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"","arguments":"{\"pattern\":\"**/*\"}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"","arguments":"{\"path\":\"wiki\"}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal(("glob", """{"pattern":"**/*"}"""), (block.Name, block.Content));
        Assert.Contains(ConversionCodes.ToolCallDropped, run.Codes);
    }

    // Backends that number every call 0 without ids and repeat the name (the same tool twice). C60: two blocks.
    [Fact]
    public void C60_SameToolTwiceOnIndexZeroWithoutIds_TwoCalls()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\"a\":1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\"a\":2}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal([("f", """{"a":1}"""), ("f", """{"a":2}""")], run.Result.Blocks.Select(b => (b.Name!, b.Content)));
    }

    // Backends that repeat id and name in every chunk of a call (an audit probe; no server named). C60: one block per call.
    [Fact]
    public void C60_IdAndNameRepeatedInEveryChunk_OneBlockPerCall()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"f","arguments":"2}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal([("f", """{"a":1}"""), ("f", """{"a":2}""")], run.Result.Blocks.Select(b => (b.Name!, b.Content)));
    }

    // Call indexes that do not start at 0 and leave gaps (an audit probe; no server named). C60: one block per index, in order.
    [Fact]
    public void C60_ToolCallIndexesWithGaps_OneBlockPerIndex()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":3,"id":"call_1","function":{"name":"f","arguments":"{\"a\":"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":3,"function":{"arguments":"1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":7,"id":"call_2","function":{"name":"g","arguments":"{}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal([("f", """{"a":1}"""), ("g", "{}")], run.Result.Blocks.Select(b => (b.Name!, b.Content)));
    }

    // The id first, then the arguments with id "", the name last (an audit probe; no server named). C59: held until named.
    [Fact]
    public void C59_IdFirstThenArgumentsThenName_OneCall()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","type":"function"}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"","function":{"arguments":"{\"a\":1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"f"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal([("f", """{"a":1}""", "call_1")], run.Result.Blocks.Select(b => (b.Name!, b.Content, b.Id!)));
    }

    // Tool arguments sent as a JSON object rather than a string of JSON (confirmed by the audit; no server named).
    // C44: input {"a":1}, never an error event.
    [Fact]
    public async Task C44_ToolArgumentsSentAsAnObject_AreTheInput()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":{"a":1}}}]},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));
        Assert.Null(run.Result.Error);
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal("f", block.Name);
        Assert.Equal(1, JsonDocument.Parse(block.Content).RootElement.GetProperty("a").GetInt32());
    }

    // OpenAI's deprecated function_call, still streamed by older backends. C58, C47: tool_use.
    [Fact]
    public void C58_LegacyFunctionCallStream_IsAToolUse()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"role":"assistant","content":null,"function_call":{"name":"f","arguments":""}}"""),
            StreamHarness.Delta("""{"function_call":{"arguments":"{\"a\":"}}"""),
            StreamHarness.Delta("""{"function_call":{"arguments":"1}"}}"""),
            StreamHarness.Delta("{}", "function_call"),
        ]);
        Assert.Equal([("f", """{"a":1}""")], run.Result.Blocks.Select(b => (b.Name!, b.Content)));
        Assert.Equal(StopReason.ToolUse, run.Result.Delta!.Delta.StopReason);
    }

    // Explicit nulls for optional delta members (OpenAI itself sends "refusal": null; the rest is an audit probe). C62.
    [Fact]
    public void ExplicitNullsInDeltas_ReadAsAbsent()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"role":null,"content":null,"tool_calls":null,"function_call":null,"refusal":null}"""),
            StreamHarness.Delta("""{"role":"assistant","content":"hi","tool_calls":null}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":null}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":null,"type":null,"function":{"name":null,"arguments":"{}"}}]}"""),
            StreamHarness.Delta("""{"content":null}""", "tool_calls"),
        ]);
        Assert.Equal(["text", "tool_use"], run.Result.Blocks.Select(b => b.Kind));
    }

    // reasoning_content "" beside reasoning (an audit probe; DeepSeek, vLLM and SGLang use the first member,
    // OpenRouter and Ollama the second). C57: the non-empty one is the thinking.
    [Fact]
    public void C57_EmptyReasoningContentBesideReasoning_TheReasoningIsKept()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"role":"assistant","reasoning_content":"","reasoning":"think"}"""),
            StreamHarness.Delta("""{"content":"answer"}""", "stop"),
        ]);
        Assert.Equal(["thinking", "text"], run.Result.Blocks.Select(b => b.Kind));
        Assert.Equal("think", run.Result.Text("thinking"));
    }

    // reasoning_content (DeepSeek, vLLM, SGLang), a tool call, then reasoning again. C57/C63: blocks in arrival order.
    [Fact]
    public void C63_ReasoningToolReasoningText_BlocksInArrivalOrder()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"reasoning_content":"r1"}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"{\"a\":"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}"""),
            StreamHarness.Delta("""{"reasoning_content":"r2"}"""),
            StreamHarness.Delta("""{"content":"ok"}""", "stop"),
        ]);
        Assert.Equal(["thinking", "tool_use", "thinking", "text"], run.Result.Blocks.Select(b => b.Kind));
    }

    // Text after the tool calls (an audit probe; no server named). C63: blocks in arrival order.
    [Fact]
    public void C63_TextAfterToolCalls_BlocksInArrivalOrder()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"{}"}}]}"""),
            StreamHarness.Delta("""{"content":"done"}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal(["tool_use", "text"], run.Result.Blocks.Select(b => b.Kind));
    }

    // Azure OpenAI: a first chunk with empty choices and prompt_filter_results, content_filter_results and logprobs
    // in the choices. C53/C65: ignored, the text and stop reason come through.
    [Fact]
    public async Task AzureFilterResultsAndLogprobs_AreIgnored()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            """{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":{"content":[{"token":"Hi","logprob":-0.1,"bytes":[72,105],"top_logprobs":[]}],"refusal":null},"finish_reason":null,"content_filter_results":{}}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop","content_filter_results":{}}],"system_fingerprint":null}""",
            "[DONE]"));
        Assert.Equal("Hi", run.Result.Text("text"));
        Assert.Equal(StopReason.EndTurn, run.Result.Delta!.Delta.StopReason);
    }

    // A usage chunk without total_tokens and with null details (an audit probe; no server named). C65.
    [Fact]
    public async Task C65_UsageWithoutTotalAndWithNullDetails_IsRead()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}],"usage":null}""",
            Head + """ "choices":[],"usage":{"prompt_tokens":10,"completion_tokens":3,"prompt_tokens_details":null,"completion_tokens_details":null}}""",
            "[DONE]"));
        Assert.Equal(3, run.Result.Delta!.Usage.OutputTokens);
        Assert.Equal(10, run.Result.Delta!.Usage.InputTokens);
    }

    // vLLM with stream_options.continuous_usage_stats: usage in every chunk. C53/C65: the last one wins.
    [Fact]
    public void C65_UsageInEveryChunk_TheLastOneCounts()
    {
        var run = StreamHarness.Push([
            StreamHarness.Chunk("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":100,"completion_tokens":1,"total_tokens":101,"prompt_tokens_details":{"cached_tokens":40}}}"""),
            StreamHarness.Chunk("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"stop"}],"usage":{"prompt_tokens":100,"completion_tokens":2,"total_tokens":102,"prompt_tokens_details":{"cached_tokens":40}}}"""),
        ]);
        Assert.Equal(60, run.Result.Start!.Message.Usage.InputTokens);
        Assert.Equal(2, run.Result.Delta!.Usage.OutputTokens);
        Assert.Equal(40, run.Result.Delta!.Usage.CacheReadInputTokens);
    }

    // The body ends after the finish chunk without [DONE] (an audit probe; no server named). C65/C68: a normal end.
    [Fact]
    public async Task C65_FinishThenEndOfBodyWithoutDone_Completes()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}"""));
        Assert.True(run.Result.Stopped);
        Assert.Equal("message_stop", run.Names[^1]);
    }

    // A stop sequence split over three chunks (an audit probe; any backend the stop sequence is enforced for). C50.
    [Fact]
    public void C50_StopSequenceSplitAcrossChunks_IsEnforced()
    {
        var state = Response.CaseState.DefaultState();
        state.StopSequences.Add("END");
        state.EnforcedStopSequences.Add("END");
        var run = StreamHarness.Push(
            [
                StreamHarness.Delta("""{"content":"abc E"}"""),
                StreamHarness.Delta("""{"content":"N"}"""),
                StreamHarness.Delta("""{"content":"D more"}"""),
                StreamHarness.Delta("{}", "stop"),
            ],
            state);
        Assert.Equal("abc ", run.Result.Text("text"));
        Assert.Equal((StopReason.StopSequence, "END"), (run.Result.Delta!.Delta.StopReason, run.Result.Delta!.Delta.StopSequence));
    }

    // A refusal streamed in pieces (OpenAI sends refusal deltas). C46: text plus stop_reason refusal.
    [Fact]
    public void C46_StreamedRefusal_IsTextWithRefusalStopReason()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"role":"assistant","content":null,"refusal":""}"""),
            StreamHarness.Delta("""{"refusal":"I can't"}"""),
            StreamHarness.Delta("""{"refusal":" help."}"""),
            StreamHarness.Delta("{}", "stop"),
        ]);
        Assert.Equal("I can't help.", run.Result.Text("text"));
        Assert.Equal(StopReason.Refusal, run.Result.Delta!.Delta.StopReason);
    }
}
