using System.Text;
using Protocols.Anthropic;
using Protocols.Translation.Tests.Response;
using Xunit;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>Audit probes for the stream and response translation.</summary>
public sealed class AuditStreamTests
{
    private static byte[] Sse(params string[] data)
    {
        var sb = new StringBuilder();
        foreach (var d in data)
        {
            sb.Append("data: ").Append(d).Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private const string Head = """{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"m",""";

    // OpenRouter: an error mid-generation arrives as a chunk with a top-level "error" AND choices with finish_reason "error".
    [Fact]
    public async Task P01_OpenRouterMidStreamError_IsErrorEvent()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}""",
            Head + """ "provider":"x","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""",
            "[DONE]"));
        Assert.Equal("error", run.Names[^1]);
        Assert.Null(run.Result.Delta);
    }

    // finish_reason "error" with no error member (OpenRouter documents "error" as a finish_reason).
    [Fact]
    public async Task P02_FinishReasonError_IsNotEndTurn()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"error"}]}""",
            "[DONE]"));
        Assert.NotEqual(StopReason.EndTurn, run.Result.Delta?.Delta.StopReason);
    }

    // Some servers send finish_reason "" (not null) in every intermediate chunk.
    [Fact]
    public async Task P03_EmptyFinishReasonInIntermediateChunks_OneTextBlock()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}]}""",
            "[DONE]"));
        Assert.Single(run.Result.Blocks);
        Assert.Equal("Hello!", run.Result.Text("text"));
    }

    // A named call queued behind a call whose name never arrives.
    [Fact]
    public void P04_NamedCallBehindNamelessCall_NotDropped()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_a","function":{"arguments":"{}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":1,"id":"call_b","function":{"name":"Read","arguments":"{\"path\":\"/x\"}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Contains(run.Result.Blocks, b => b.Name == "Read");
    }

    [Fact]
    public void P05_ReasoningContentEmptyButReasoningSet_NotLost()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"role":"assistant","reasoning_content":"","reasoning":"think"}"""),
            StreamHarness.Delta("""{"content":"answer"}""", "stop"),
        ]);
        Assert.Equal("think", run.Result.Text("thinking"));
    }

    [Fact]
    public void P06_NullsEverywhere_Parse()
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

    [Fact]
    public async Task P07_UsageWithoutTotalAndNullDetails()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}],"usage":null}""",
            Head + """ "choices":[],"usage":{"prompt_tokens":10,"completion_tokens":3,"prompt_tokens_details":null,"completion_tokens_details":null}}""",
            "[DONE]"));
        Assert.Equal(3, run.Result.Delta!.Usage.OutputTokens);
        Assert.Equal(10, run.Result.Delta!.Usage.InputTokens);
    }

    [Fact]
    public async Task P08_LogprobsAndAzureFirstChunk()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            """{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":{"content":[{"token":"Hi","logprob":-0.1,"bytes":[72,105],"top_logprobs":[]}],"refusal":null},"finish_reason":null,"content_filter_results":{}}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop","content_filter_results":{}}],"system_fingerprint":null}""",
            "[DONE]"));
        Assert.Equal("Hi", run.Result.Text("text"));
        Assert.Equal(StopReason.EndTurn, run.Result.Delta!.Delta.StopReason);
    }

    [Fact]
    public async Task P09_ArgumentsAsObjectInStream()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":{"a":1}}}]},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));
        Assert.Null(run.Result.Error);
        Assert.Equal("""{"a":1}""", run.Result.Blocks.Single().Content.Replace(" ", string.Empty));
    }

    [Fact]
    public void P10_ResponseArgumentsAsObject()
    {
        var body = """{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":{"a":1}}}]},"finish_reason":"tool_calls"}]}""";
        var run = ResponseCases.Translate(Encoding.UTF8.GetBytes(body));
        Assert.Equal("""{"a":1}""", run.Json["content"]![0]!["input"]!.ToJsonString());
    }

    [Fact]
    public void P11_ToolCallNonZeroStartIndexAndGaps()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":3,"id":"call_1","function":{"name":"f","arguments":"{\"a\":"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":3,"function":{"arguments":"1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":7,"id":"call_2","function":{"name":"g","arguments":"{}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal([("f", """{"a":1}"""), ("g", "{}")], run.Result.Blocks.Select(b => (b.Name!, b.Content)));
    }

    [Fact]
    public void P12_IdAndNameRepeatedEveryChunk()
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

    // Every call numbered 0 and no ids (some backends): the same tool twice.
    [Fact]
    public void P13_SameToolTwiceAtIndexZeroWithoutIds()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\"a\":1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\"a\":2}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal([("f", """{"a":1}"""), ("f", """{"a":2}""")], run.Result.Blocks.Select(b => (b.Name!, b.Content)));
    }

    [Fact]
    public void P14_StopSequenceSplitAcrossChunks()
    {
        var state = CaseState.DefaultState();
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
        Assert.Equal(StopReason.StopSequence, run.Result.Delta!.Delta.StopReason);
        Assert.Equal("END", run.Result.Delta!.Delta.StopSequence);
    }

    [Fact]
    public void P15_UnicodeSplitSurrogates()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"content":"a\ud83d"}"""),
            StreamHarness.Delta("""{"content":"\ude00b"}"""),
            StreamHarness.Delta("{}", "stop"),
        ]);
        Assert.Equal("a\U0001F600b", run.Result.Text("text"));
    }

    [Fact]
    public void P16_RefusalStream()
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

    [Fact]
    public void P17_ResponseFinishReasonNullAndMissing()
    {
        var body = """{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":null}],"usage":{"prompt_tokens":5,"completion_tokens":1}}""";
        var run = ResponseCases.Translate(Encoding.UTF8.GetBytes(body));
        Assert.Equal("Hi", (string?)run.Json["content"]![0]!["text"]);
    }

    [Fact]
    public void P18_ContentAfterToolCalls()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","function":{"name":"f","arguments":"{}"}}]}"""),
            StreamHarness.Delta("""{"content":"done"}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal(["tool_use", "text"], run.Result.Blocks.Select(b => b.Kind));
    }

    [Fact]
    public void P19_ReasoningThenToolThenReasoning()
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

    // Poolside / mlx-openai-server (before its fix): the first chunk carries id A and the name, later chunks id B.
    [Fact]
    public void P20_UnstableToolCallIdAcrossChunks_ArgumentsKept()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"Read","arguments":""}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_B","type":"function","function":{"arguments":"{\"path\":"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_B","type":"function","function":{"arguments":"\"/x\"}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal("Read", block.Name);
        Assert.Equal("""{"path":"/x"}""", block.Content);
    }

    // A proxy in front of Gemini (dyedd/lens#49): the second call's arguments on index 0, name "" and no id.
    [Fact]
    public void P21_SecondCallOnIndexZeroWithEmptyName_NotMergedIntoFirst()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"toolu_1","type":"function","function":{"name":"glob","arguments":""}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"","arguments":"{\"pattern\":\"**/*\"}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"","arguments":"{\"path\":\"wiki\"}"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.All(run.Result.Blocks, b => Assert.True(System.Text.Json.JsonDocument.Parse(b.Content).RootElement.ValueKind == System.Text.Json.JsonValueKind.Object));
    }

    [Fact]
    public void P22_LegacyFunctionCallStream()
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

    [Fact]
    public void P23_IdFirstThenNameInLaterChunk()
    {
        var run = StreamHarness.Push([
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_1","type":"function"}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"","function":{"arguments":"{\"a\":1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"f"}}]}"""),
            StreamHarness.Delta("{}", "tool_calls"),
        ]);
        Assert.Equal([("f", """{"a":1}""", "call_1")], run.Result.Blocks.Select(b => (b.Name!, b.Content, b.Id!)));
    }

    [Fact]
    public async Task P24_NoDoneButFinishThenEof_Completes()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}"""));
        Assert.True(run.Result.Stopped);
    }

    [Fact]
    public void P25_UsageInFirstChunkAndEveryChunk()
    {
        var run = StreamHarness.Push([
            StreamHarness.Chunk("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":100,"completion_tokens":1,"total_tokens":101,"prompt_tokens_details":{"cached_tokens":40}}}"""),
            StreamHarness.Chunk("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"b"},"finish_reason":"stop"}],"usage":{"prompt_tokens":100,"completion_tokens":2,"total_tokens":102,"prompt_tokens_details":{"cached_tokens":40}}}"""),
        ]);
        Assert.Equal(60, run.Result.Start!.Message.Usage.InputTokens);
        Assert.Equal(2, run.Result.Delta!.Usage.OutputTokens);
        Assert.Equal(40, run.Result.Delta!.Usage.CacheReadInputTokens);
    }

    // Ollama before 0.1.39-ish (ollama#4357) and SGLang 0.4.3 (sglang#3912): finish_reason "" in every chunk; the stream is cut.
    [Fact]
    public async Task P03b_EmptyFinishReason_CutStream_IsError()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":""}]}"""));
        Assert.Equal("error", run.Names[^1]);
    }

    [Fact]
    public async Task P03c_EmptyFinishReason_ToolArgumentsKept()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"Read","arguments":""}}]},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"path\":"}}]},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"/x\"}"}}]},"finish_reason":""}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));
        var block = Assert.Single(run.Result.Blocks);
        Assert.Equal("""{"path":"/x"}""", block.Content);
    }

    [Fact]
    public async Task P30_NullDelta()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":null,"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]"));
        Assert.Null(run.Result.Error is null ? null : Protocols.Core.JsonModel.ToJsonString(run.Result.Error));
        Assert.Equal("x", run.Result.Text("text"));
    }

    // Finish chunk without a delta member (e.g. some gateways send {"index":0,"finish_reason":"stop"}).
    [Fact]
    public async Task P31_FinishChunkWithoutDelta()
    {
        var run = await StreamHarness.RunSseAsync(Sse(
            Head + """ "choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}""",
            Head + """ "choices":[{"index":0,"finish_reason":"stop"}]}""",
            "[DONE]"));
        Assert.Null(run.Result.Error is null ? null : Protocols.Core.JsonModel.ToJsonString(run.Result.Error));
        Assert.Equal(StopReason.EndTurn, run.Result.Delta?.Delta.StopReason);
    }
}
