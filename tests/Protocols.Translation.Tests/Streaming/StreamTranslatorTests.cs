using Protocols.Anthropic;
using Xunit;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>Checklist H: streaming (C53–C70), plus C13, C40, C45–C50 in streams.</summary>
public sealed class StreamTranslatorTests
{
    [Fact]
    public async Task C53_OneMessageStartFirst_WithEstimatedInputTokens()
    {
        var run = await StreamCases.AssertCaseAsync("C53-text");
        Assert.Equal("message_start", run.Names[0]);
        Assert.Single(run.Names, n => n == "message_start");
        var start = (MessageStartEvent)run.Events[0].Data;
        Assert.Equal(42, start.Message.Usage.InputTokens);
        Assert.Matches("^msg_[A-Za-z0-9]{24}$", start.Message.Id);
        Assert.Equal(CaseStateModel, start.Message.Model.Value);
        Assert.Null(start.Message.StopReason);

        // Start is idempotent and Push calls it.
        var translator = new StreamTranslator(Response.CaseState.DefaultState(), new TranslationOptions(), new ConversionReport());
        var output = new StreamOutput();
        translator.Start(output);
        translator.Start(output);
        translator.Push(StreamHarness.Delta("""{"content":"x"}"""), output);
        Assert.Single(output.Events, e => e.Name == "message_start");
        Assert.Equal(run.Translator.Snapshot().Id, start.Message.Id);
    }

    [Fact]
    public async Task C54_PingAfterMessageStart_AndOnRequest()
    {
        var run = await StreamCases.AssertCaseAsync("C53-text");
        Assert.Equal("ping", run.Names[1]);

        var translator = new StreamTranslator(Response.CaseState.DefaultState(), new TranslationOptions(), new ConversionReport());
        var output = new StreamOutput();

        // Silence before anything: message_start comes first anyway.
        translator.Ping(output);
        Assert.Equal(["message_start", "ping"], output.Events.Select(e => e.Name));
        output.Clear();
        translator.Push(StreamHarness.Delta("""{"content":"Hel"}"""), output);
        translator.Ping(output);
        translator.Push(StreamHarness.Delta("""{"content":"lo"}""", "stop"), output);
        translator.Complete(output);
        var names = output.Events.Select(e => e.Name).ToArray();
        Assert.Equal(["content_block_start", "content_block_delta", "ping", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], names);

        // After the end: nothing.
        output.Clear();
        translator.Ping(output);
        Assert.Empty(output.Events);
        Assert.Equal(TimeSpan.FromSeconds(10), new TranslationOptions().PingInterval);
    }

    [Fact]
    public async Task C55_TextBlockOpensAtFirstNonEmptyText_ToolOnlyTurnHasNoTextBlock()
    {
        var run = await StreamCases.AssertCaseAsync("C55-tool-only");
        Assert.Equal(["tool_use"], run.Result.Blocks.Select(b => b.Kind));

        var text = StreamHarness.Push([StreamHarness.Delta("""{"role":"assistant","content":""}"""), StreamHarness.Delta("""{"content":""}"""), StreamHarness.Delta("""{"content":"Hi"}""", "stop")]);
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], text.Names);
    }

    [Fact]
    public async Task C56_BlocksStrictlySequential_IndexesInOrder()
    {
        var run = await StreamCases.AssertCaseAsync("C63-text-tools-text");
        var starts = run.Events.Where(e => e.Name == "content_block_start").Select(e => ((ContentBlockStartEvent)e.Data).Index);
        Assert.Equal([0L, 1L, 2L], starts);

        // Each start is followed by its deltas and its stop before the next start (EventGrammar checks it).
        for (int i = 0; i < run.Events.Count; i++)
        {
            if (run.Events[i].Data is ContentBlockStartEvent s && s.Index > 0)
            {
                Assert.Equal("content_block_stop", run.Events[i - 1].Name);
            }
        }
    }

    [Fact]
    public async Task C57_Reasoning_ThinkingBlockWithSignatureBeforeText()
    {
        var run = await StreamCases.AssertCaseAsync("C57-reasoning");
        Assert.Equal(["thinking", "text"], run.Result.Blocks.Select(b => b.Kind));
        Assert.Equal("The user greets me.", run.Result.Blocks[0].Content);
        var signature = run.Events.Single(e => e.Data is ContentBlockDeltaEvent { Delta: SignatureContentBlockDelta });
        var index = run.Events.IndexOf(signature);
        Assert.Equal("content_block_stop", run.Events[index + 1].Name);
        Assert.Equal(string.Empty, ((SignatureContentBlockDelta)((ContentBlockDeltaEvent)signature.Data).Delta).Signature);
    }

    [Fact]
    public async Task C58_ToolCall_StartWithEmptyInputThenFragmentsVerbatim()
    {
        var run = await StreamCases.AssertCaseAsync("C58-tool-fragments");
        var start = run.Events.Select(e => e.Data).OfType<ContentBlockStartEvent>().Single();
        var block = Assert.IsType<ResponseToolUseBlock>(start.ContentBlock);
        Assert.Equal("call_abc", block.Id);
        Assert.Equal("Bash", block.Name);
        Assert.Equal("{}", block.Input.GetRawText());
        var fragments = run.Events.Select(e => e.Data).OfType<ContentBlockDeltaEvent>().Select(d => ((InputJsonContentBlockDelta)d.Delta).PartialJson);
        Assert.Equal(["{\"comm", "and\": \"ls", " -la\"}"], fragments);
        Assert.Equal(StopReason.ToolUse, run.Result.Delta!.Delta.StopReason);
    }

    [Fact]
    public async Task C59_ToolNameArrivesLate_HeldUntilKnown()
    {
        var run = await StreamCases.AssertCaseAsync("C59-late-name");
        var tool = Assert.Single(run.Result.Blocks);
        Assert.Equal("Read", tool.Name);
        Assert.Equal("call_late", tool.Id);
        Assert.Equal("""{"path": "/tmp/a.txt"}""", tool.Content);

        // A call whose name never arrives is never given a placeholder name: it is dropped and reported.
        var nameless = StreamHarness.Push([StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"call_x","function":{"arguments":"{}"}}]}"""), StreamHarness.Delta("{}", "tool_calls")]);
        Assert.Empty(nameless.Result.Blocks);
        Assert.Equal(StopReason.EndTurn, nameless.Result.Delta!.Delta.StopReason);
        Assert.Equal([ConversionCodes.ToolCallDropped], nameless.Codes);
    }

    [Fact]
    public async Task C60_ParallelToolCalls_InterleavedByIndex()
    {
        var run = await StreamCases.AssertCaseAsync("C60-parallel-interleaved");
        Assert.Equal(
            [("get_weather", """{"city": "Paris"}"""), ("get_time", """{"tz": "CET"}"""), ("get_news", "{}")],
            run.Result.Blocks.Select(b => (b.Name!, b.Content)));
        Assert.Equal(["call_a", "call_b", "call_c"], run.Result.Blocks.Select(b => b.Id));
    }

    [Fact]
    public async Task C61_NameAndArgumentsInOneChunk_OneStartOneDelta()
    {
        var run = await StreamCases.AssertCaseAsync("C61-one-chunk-tool");
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], run.Names);
        Assert.Equal("""{"city": "Oslo"}""", run.Result.Blocks.Single().Content);
    }

    [Fact]
    public async Task C62_TextWithEmptyToolCalls_TreatedAsText()
    {
        var run = await StreamCases.AssertCaseAsync("C62-text-empty-tool-calls");
        Assert.Equal(["text"], run.Result.Blocks.Select(b => b.Kind));
        Assert.Equal(StopReason.EndTurn, run.Result.Delta!.Delta.StopReason);
    }

    [Fact]
    public async Task C63_TextToolsText_SeparateBlocksInArrivalOrder()
    {
        var run = await StreamCases.AssertCaseAsync("C63-text-tools-text");
        Assert.Equal(["text", "tool_use", "text"], run.Result.Blocks.Select(b => b.Kind));
        Assert.Equal(["Let me check.", """{"path": "a"}""", "Done reading."], run.Result.Blocks.Select(b => b.Content));
        Assert.Equal(StopReason.ToolUse, run.Result.Delta!.Delta.StopReason);
    }

    [Fact]
    public async Task C64_TextAndFinishInOneChunk_TextFirstThenClose()
    {
        var run = await StreamCases.AssertCaseAsync("C64-text-with-finish");
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], run.Names);
        Assert.Equal("All in one", run.Result.Text("text"));
    }

    [Fact]
    public async Task C65_FinishThenUsageOnlyChunkThenDone_OneMessageDeltaWithFullUsage()
    {
        var run = await StreamCases.AssertCaseAsync("C65-usage-after-finish");
        Assert.Single(run.Names, n => n == "message_delta");
        Assert.Equal(["message_delta", "message_stop"], run.Names[^2..]);
        var delta = run.Result.Delta!;
        Assert.Equal(StopReason.EndTurn, delta.Delta.StopReason);
        Assert.Equal(2000 - 1536, delta.Usage.InputTokens);
        Assert.Equal(1536, delta.Usage.CacheReadInputTokens);
        Assert.Equal(0, delta.Usage.CacheCreationInputTokens);
        Assert.Equal(4, delta.Usage.OutputTokens);
    }

    [Fact]
    public async Task C66_StreamEndsWithoutFinishReason_ErrorEvent()
    {
        var run = await StreamCases.AssertCaseAsync("C66-no-finish");
        Assert.Equal("error", run.Names[^1]);
        Assert.DoesNotContain("message_delta", run.Names);
        Assert.DoesNotContain("message_stop", run.Names);
        Assert.Equal("api_error", Errors.ErrorJson.Type(run.Result.Error!));
        Assert.True(run.Translator.IsFinished);
    }

    [Fact]
    public async Task C67_EmptyUpstreamStream_ErrorEvent_NeverMessageStop()
    {
        var run = await StreamCases.AssertCaseAsync("C67-empty");
        Assert.Equal(["error"], run.Names);

        // Even when the proxy sent message_start early, an empty upstream ends in an error, not message_stop.
        var early = new StreamTranslator(Response.CaseState.DefaultState(), new TranslationOptions(), new ConversionReport());
        var output = new StreamOutput();
        early.Start(output);
        early.Complete(output);
        Assert.Equal(["message_start", "ping", "error"], output.Events.Select(e => e.Name));
        EventGrammar.Validate(output.Events);
    }

    [Fact]
    public async Task C68_Done_NeverForwarded()
    {
        var run = await StreamCases.AssertCaseAsync("C53-text");
        Assert.DoesNotContain(run.Events, e => Protocols.Core.JsonModel.ToJsonString(e.Data).Contains("DONE", StringComparison.Ordinal));
        Assert.Equal("message_stop", run.Names[^1]);
    }

    [Fact]
    public async Task C70_ErrorInsideStream_ErrorEventThenEnd()
    {
        var run = await StreamCases.AssertCaseAsync("C70-error-in-stream");
        Assert.Equal("error", run.Names[^1]);
        var error = run.Result.Error!;
        Assert.Equal("api_error", Errors.ErrorJson.Type(error));
        Assert.DoesNotContain("sk-proj-abcdefghijklmnop1234", Errors.ErrorJson.Message(error), StringComparison.Ordinal);
        Assert.Null(error.RequestId);

        // Nothing after the error.
        var output = new StreamOutput();
        run.Translator.Push(StreamHarness.Delta("""{"content":"more"}""", "stop"), output);
        run.Translator.Complete(output);
        run.Translator.Fail("api_error", "again", output);
        Assert.Empty(output.Events);
    }

    [Fact]
    public void C70_Fail_EmitsErrorAndFinishes_ErrorChunkPushedDirectly()
    {
        var translator = new StreamTranslator(Response.CaseState.DefaultState(), new TranslationOptions(), new ConversionReport());
        var output = new StreamOutput();
        translator.Push(StreamHarness.Delta("""{"content":"partial"}"""), output);
        translator.Fail("overloaded_error", "Overloaded; Authorization: Bearer abc.def.ghi123456", output);
        Assert.True(translator.IsFinished);
        Assert.Equal("error", output.Events[^1].Name);
        var body = (ErrorResponse)output.Events[^1].Data;
        Assert.Equal("overloaded_error", Errors.ErrorJson.Type(body));
        Assert.DoesNotContain("abc.def.ghi123456", Errors.ErrorJson.Message(body), StringComparison.Ordinal);
        StreamHarness.AssertSchemaValid(output.Events);
        EventGrammar.Validate(output.Events);

        // An error object pushed as a chunk: the error's own type decides.
        var other = new StreamTranslator(Response.CaseState.DefaultState(), new TranslationOptions(), new ConversionReport());
        var errorOutput = new StreamOutput();
        other.Push(StreamHarness.Chunk("""{"error":{"message":"Rate limit reached","type":"rate_limit_exceeded","code":"rate_limit_exceeded"}}"""), errorOutput);
        Assert.Equal(["error"], errorOutput.Events.Select(e => e.Name));
        Assert.Equal("rate_limit_error", Errors.ErrorJson.Type((ErrorResponse)errorOutput.Events[0].Data));
    }

    [Fact]
    public async Task C46_C47_C48_C49_StopReasonsInStreams()
    {
        var refusal = await StreamCases.AssertCaseAsync("C46-refusal");
        Assert.Equal(StopReason.Refusal, refusal.Result.Delta!.Delta.StopReason);
        Assert.Equal("I can't help with that.", refusal.Result.Text("text"));

        Assert.Equal(StopReason.MaxTokens, (await StreamCases.AssertCaseAsync("C47-length")).Result.Delta!.Delta.StopReason);
        Assert.Equal(StopReason.Refusal, (await StreamCases.AssertCaseAsync("C48-content-filter")).Result.Delta!.Delta.StopReason);
        Assert.Equal(StopReason.ToolUse, (await StreamCases.AssertCaseAsync("C49-stop-with-tools")).Result.Delta!.Delta.StopReason);
    }

    [Fact]
    public async Task C50_StopSequenceInStream_EnforcedOrReportedByBackend()
    {
        var enforced = await StreamCases.AssertCaseAsync("C50-enforced-stop-sequence");
        Assert.Equal("one two ", enforced.Result.Text("text"));
        Assert.Equal(StopReason.StopSequence, enforced.Result.Delta!.Delta.StopReason);
        Assert.Equal("END", enforced.Result.Delta.Delta.StopSequence);

        var backend = await StreamCases.AssertCaseAsync("C50-backend-stop-sequence");
        Assert.Equal(StopReason.StopSequence, backend.Result.Delta!.Delta.StopReason);
        Assert.Equal("###", backend.Result.Delta.Delta.StopSequence);
    }

    [Fact]
    public void C50_StreamHoldsBackOnlyWhatCouldStartAStopSequence()
    {
        var state = Response.CaseState.DefaultState();
        state.EnforcedStopSequences.AddRange(["<END>", "xyz"]);
        var translator = new StreamTranslator(state, new TranslationOptions(), new ConversionReport());
        var output = new StreamOutput();
        string Emitted() => string.Concat(output.Events.Select(e => e.Data).OfType<ContentBlockDeltaEvent>().Select(d => (d.Delta as TextContentBlockDelta)?.Text));

        translator.Push(StreamHarness.Delta("""{"content":"abc <E"}"""), output);
        Assert.Equal("abc ", Emitted());
        translator.Push(StreamHarness.Delta("""{"content":"N"}"""), output);
        Assert.Equal("abc ", Emitted());
        translator.Push(StreamHarness.Delta("""{"content":"O> x"}"""), output);
        Assert.Equal("abc <ENO> ", Emitted());
        translator.Push(StreamHarness.Delta("""{"content":"y"}""", "stop"), output);
        translator.Complete(output);

        // At the end, held text that never became a stop sequence is delivered.
        Assert.Equal("abc <ENO> xy", Emitted());
        Assert.Equal(StopReason.EndTurn, ((MessageDeltaEvent)output.Events[^2].Data).Delta.StopReason);
    }

    [Fact]
    public async Task ASurrogatePairSplitAcrossChunks_ReachesTheClientWhole_InTextThinkingAndToolArguments()
    {
        // A server that slices its text by UTF-16 units (JavaScript) sends each half of 😀 in its own chunk, escaped.
        static string Chunk(string delta, string? finish = null) =>
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":" + delta
            + ",\"finish_reason\":" + (finish is null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
        var sse = string.Concat(
            Chunk("""{"reasoning_content":"think \ud83d"}"""),
            Chunk("""{"reasoning_content":"\ude00 done"}"""),
            Chunk("""{"content":"a\ud83d"}"""),
            Chunk("""{"content":"\ude00b \ud83d"}"""),
            Chunk("""{"content":"\ude01"}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"say","arguments":"{\"q\":\"\ud83d"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"\ude00\"}"}}]}""", "tool_calls"),
            "data: [DONE]\n\n");
        var run = await StreamHarness.RunSseAsync(System.Text.Encoding.UTF8.GetBytes(sse));

        var deltas = run.Events.Select(e => e.Data).OfType<ContentBlockDeltaEvent>().ToList();
        string Joined<T>(Func<T, string> piece) => string.Concat(deltas.Select(d => d.Delta).OfType<T>().Select(piece));
        Assert.Equal("think 😀 done", Joined<ThinkingContentBlockDelta>(d => d.Thinking));
        Assert.Equal("a😀b 😁", Joined<TextContentBlockDelta>(d => d.Text));
        Assert.Equal("{\"q\":\"😀\"}", Joined<InputJsonContentBlockDelta>(d => d.PartialJson));

        // No event carries half a pair: written out, none has a replacement character.
        foreach (var e in run.Events)
        {
            Assert.DoesNotContain("\\uFFFD", Protocols.Core.JsonModel.ToJsonString(e.Data), StringComparison.Ordinal);
        }

        var message = run.Translator.Snapshot();
        Assert.Equal("a😀b 😁", ((ResponseTextBlock)message.Content[1]).Text);
        Assert.Equal("😀", message.Content.OfType<ResponseToolUseBlock>().Single().Input.GetProperty("q").GetString());
    }

    [Fact]
    public async Task HalfASurrogatePairThatIsNeverCompleted_IsSentWhenItsBlockCloses_AndNothingElseIsLost()
    {
        const string Sse = """
            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"before \ud83d"},"finish_reason":null}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" after"},"finish_reason":"stop"}]}

            data: [DONE]


            """;
        var run = await StreamHarness.RunSseAsync(System.Text.Encoding.UTF8.GetBytes(Sse.ReplaceLineEndings("\n")));
        var text = string.Concat(run.Events.Select(e => e.Data).OfType<ContentBlockDeltaEvent>().Select(d => (d.Delta as TextContentBlockDelta)?.Text));
        Assert.Equal("before \ud83d after", text);
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], run.Names);

        // At the end of the stream too: the half is sent before the block closes.
        const string AtEnd = """
            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"end \ud83d"},"finish_reason":"stop"}]}

            data: [DONE]


            """;
        run = await StreamHarness.RunSseAsync(System.Text.Encoding.UTF8.GetBytes(AtEnd.ReplaceLineEndings("\n")));
        text = string.Concat(run.Events.Select(e => e.Data).OfType<ContentBlockDeltaEvent>().Select(d => (d.Delta as TextContentBlockDelta)?.Text));
        Assert.Equal("end \ud83d", text);
        Assert.Contains("content_block_stop", run.Names);
    }

    [Fact]
    public async Task C13_ShortenedToolName_RestoredInStream()
    {
        var run = await StreamCases.AssertCaseAsync("C13-stream-tool-name-restored");
        Assert.Equal("mcp__server__a_very_long_tool_name_that_exceeds_the_sixty_four_character_limit", run.Result.Blocks.Single().Name);
    }

    [Fact]
    public async Task C45_OddToolCallIdInStream_Reduced()
    {
        var run = await StreamCases.AssertCaseAsync("C45-stream-odd-tool-id");
        Assert.Equal("functions_Bash_0", run.Result.Blocks.Single().Id);
        Assert.Equal([ConversionCodes.ToolCallIdReplaced], run.Codes);
    }

    [Fact]
    public async Task C40_StreamModel_UpstreamWhenConfigured()
    {
        var run = await StreamCases.AssertCaseAsync("C40-upstream-model");
        Assert.Equal("gpt-4o-2024-08-06", run.Result.Start!.Message.Model.Value);
    }

    [Fact]
    public async Task Snapshot_IsTheAccumulatedMessage()
    {
        var run = await StreamCases.AssertCaseAsync("C57-reasoning");
        var message = run.Translator.Snapshot();
        Protocols.Testing.SchemaValidator.Anthropic.AssertValid("Message", Protocols.Core.JsonModel.ToJsonString(message));
        Assert.Equal(StopReason.EndTurn, message.StopReason);
        Assert.Equal("The user greets me.", ((ResponseThinkingBlock)message.Content[0]).Thinking);
        Assert.Equal("Hi there!", ((ResponseTextBlock)message.Content[1]).Text);
        Assert.Equal(9, message.Usage.OutputTokens);

        var tools = await StreamCases.AssertCaseAsync("C60-parallel-interleaved");
        var inputs = tools.Translator.Snapshot().Content.OfType<ResponseToolUseBlock>().Select(b => b.Input.GetRawText());
        Assert.Equal(["""{"city": "Paris"}""", """{"tz": "CET"}""", "{}"], inputs);
    }

    [Fact]
    public void SameIndexReused_SecondCallGetsItsOwnBlock()
    {
        // Some backends number every call 0, each complete in one chunk.
        var run = StreamHarness.Push(
        [
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"id":"b","type":"function","function":{"name":"g","arguments":"{\"y\":2}"}}]}"""),
            StreamHarness.Delta("""{"tool_calls":[{"index":0,"function":{"name":"h","arguments":"{}"}}]}""", "tool_calls"),
        ]);
        Assert.Equal(["f", "g", "h"], run.Result.Blocks.Select(b => b.Name));
        Assert.Equal(["{\"x\":1}", "{\"y\":2}", "{}"], run.Result.Blocks.Select(b => b.Content));
    }

    private const string CaseStateModel = Response.CaseState.RequestedModel;
}
