using System.Text.Json;
using Protocols.Anthropic;
using Protocols.Core;
using Protocols.Testing;
using O = Protocols.OpenAI;

namespace Protocols.Dtos.Tests;

/// <summary>What the generated types promise on the wire.</summary>
public sealed class SemanticsTests
{
    [Fact]
    public void UnknownCorpus_SurvivesRoundTrip()
    {
        var cases = Corpus.UnknownCases();
        Assert.NotEmpty(cases);
        var readme = File.ReadAllText(Path.Combine(RepoPaths.CorpusDir, "unknown", "README.md"));
        int checkedCases = 0;
        foreach (var path in cases)
        {
            var name = Path.GetFileName(path);
            var row = readme.Split('\n').FirstOrDefault(l => l.Contains(name, StringComparison.Ordinal));
            Assert.NotNull(row);
            var schema = row.Split('|').Select(s => s.Trim().Trim('`')).First(s => s.StartsWith("anthropic/", StringComparison.Ordinal) || s.StartsWith("openai/", StringComparison.Ordinal));
            var (vendor, schemaName) = (schema.Split('/')[0], schema.Split('/')[1]);
            var full = Path.IsPathRooted(path) ? path : Path.Combine(RepoPaths.CorpusDir, path);
            var text = File.ReadAllText(full);
            // Wire shapes may omit required members the spec gives a default (Anthropic's usage fields,
            // `caller`, `citations`): those are written with the default, so the check is that everything
            // read is written back unchanged, and that writing is stable.
            var once = Codec.Write(Codec.Read(vendor, schemaName, File.ReadAllBytes(full)));
            var twice = Codec.Write(Codec.Read(vendor, schemaName, System.Text.Encoding.UTF8.GetBytes(once)));
            AssertSubset(System.Text.Json.Nodes.JsonNode.Parse(text), System.Text.Json.Nodes.JsonNode.Parse(once), "$");
            RoundTripTests.AssertSameJson(once, twice);
            checkedCases++;
        }

        Assert.Equal(cases.Count, checkedCases);
    }

    private static void AssertSubset(System.Text.Json.Nodes.JsonNode? expected, System.Text.Json.Nodes.JsonNode? actual, string path)
    {
        if (expected is System.Text.Json.Nodes.JsonObject eo)
        {
            var ao = Assert.IsType<System.Text.Json.Nodes.JsonObject>(actual);
            foreach (var (key, value) in eo)
            {
                Assert.True(ao.ContainsKey(key), $"{path}.{key} was lost");
                AssertSubset(value, ao[key], path + "." + key);
            }
        }
        else if (expected is System.Text.Json.Nodes.JsonArray ea)
        {
            var aa = Assert.IsType<System.Text.Json.Nodes.JsonArray>(actual);
            Assert.Equal(ea.Count, aa.Count);
            for (int i = 0; i < ea.Count; i++)
            {
                AssertSubset(ea[i], aa[i], $"{path}[{i}]");
            }
        }
        else
        {
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, actual), $"{path}: {expected?.ToJsonString()} became {actual?.ToJsonString()}");
        }
    }

    [Fact]
    public void RequiredMemberWithSpecDefault_ReadsAsTheDefault()
    {
        var block = JsonModel.Parse("""{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}}"""u8.ToArray(), IContentBlock.ReadFrom);
        var toolUse = Assert.IsType<ResponseToolUseBlock>(block);
        Assert.IsType<DirectCaller>(toolUse.Caller);
        var text = Assert.IsType<ResponseTextBlock>(JsonModel.Parse("""{"type":"text","text":"x"}"""u8.ToArray(), IContentBlock.ReadFrom));
        Assert.Null(text.Citations);
        Assert.Throws<ProtocolJsonException>(() => JsonModel.Parse("""{"type":"text"}"""u8.ToArray(), IContentBlock.ReadFrom));
    }

    [Fact]
    public void OpenAIRequiredMemberSentAsNull_ReadsAsAbsent()
    {
        // strictRequired: false. Some backends send "finish_reason": null in a complete answer and "delta": null in a chunk.
        var choice = JsonModel.Parse("""{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":null}"""u8.ToArray(), O.CreateChatCompletionResponseChoicesItem.ReadFrom);
        Assert.Equal(string.Empty, choice.FinishReason.Value);
        var chunkChoice = JsonModel.Parse("""{"index":0,"delta":null,"finish_reason":null}"""u8.ToArray(), O.CreateChatCompletionStreamResponseChoicesItem.ReadFrom);
        Assert.Null(chunkChoice.Delta);

        // The Anthropic readers stay strict.
        Assert.Throws<ProtocolJsonException>(() => JsonModel.Parse("""{"type":"text","text":null}"""u8.ToArray(), IContentBlock.ReadFrom));
    }

    [Fact]
    public void OpenAIToolArgumentsSentAsObject_ReadAsTheirJsonText()
    {
        // jsonTextMembers (specs/openai/protocols.json): arguments belong in a string of JSON; some backends send the object (C44).
        var call = JsonModel.Parse("""{"id":"call_1","type":"function","function":{"name":"f","arguments":{"a":[1,2]}}}"""u8.ToArray(), O.IChatCompletionMessageToolCallsItem.ReadFrom);
        Assert.Equal("""{"a":[1,2]}""", Assert.IsType<O.ChatCompletionMessageToolCall>(call).Function.Arguments);
        var chunk = JsonModel.Parse("""{"index":0,"function":{"arguments":{"a":1}}}"""u8.ToArray(), O.ChatCompletionMessageToolCallChunk.ReadFrom);
        Assert.Equal("""{"a":1}""", chunk.Function!.Arguments);
        Assert.Equal("{}", JsonModel.Parse("""{"arguments":"{}"}"""u8.ToArray(), O.ChatCompletionMessageToolCallChunkFunction.ReadFrom).Arguments);

        // A number is its JSON text too; booleans are still a type mismatch, and other string members take no objects.
        Assert.Equal("1.50", JsonModel.Parse("""{"arguments":1.50}"""u8.ToArray(), O.ChatCompletionMessageToolCallChunkFunction.ReadFrom).Arguments);
        Assert.Throws<ProtocolJsonException>(() => JsonModel.Parse("""{"arguments":true}"""u8.ToArray(), O.ChatCompletionMessageToolCallChunkFunction.ReadFrom));
        Assert.Throws<ProtocolJsonException>(() => JsonModel.Parse("""{"name":{"a":1}}"""u8.ToArray(), O.ChatCompletionMessageToolCallChunkFunction.ReadFrom));
    }

    [Fact]
    public void OpenAIErrorCodeSentAsNumber_ReadsAsItsText()
    {
        // vLLM answers {"error":{"message":…,"type":"BadRequestError","param":null,"code":400}}; the spec says a string, and the
        // generated reader refused the whole error (jsonTextMembers: Error.code).
        var error = JsonModel.Parse<O.ErrorResponse>("""{"error":{"message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}}"""u8.ToArray());
        Assert.Equal("400", error.Error.Code);
        Assert.Equal("max_tokens is too large", error.Error.Message);
        Assert.Equal("rate_limit_exceeded", JsonModel.Parse<O.ErrorResponse>("""{"error":{"message":"m","type":"t","param":null,"code":"rate_limit_exceeded"}}"""u8.ToArray()).Error.Code);
        Assert.Null(JsonModel.Parse<O.ErrorResponse>("""{"error":{"message":"m","type":"t","param":null,"code":null}}"""u8.ToArray()).Error.Code);
    }

    [Fact]
    public void UnknownContentBlock_KeepsRawJson_AndUnknownFieldsSurvive()
    {
        var json = """{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"hologram","depth":3,"frames":[1,2]},{"type":"text","text":"hi","citations":null,"sparkle":true}],"stop_reason":"end_turn","stop_sequence":null,"container":null,"usage":{"input_tokens":1,"output_tokens":2},"vendor_extra":{"a":1}}""";
        var message = JsonModel.Parse<Message>(System.Text.Encoding.UTF8.GetBytes(json));
        var unknown = Assert.IsType<UnknownContentBlock>(message.Content[0]);
        Assert.Equal("hologram", unknown.Tag);
        var text = Assert.IsType<ResponseTextBlock>(message.Content[1]);
        Assert.True(text.AdditionalProperties!.ContainsKey("sparkle"));
        Assert.True(message.AdditionalProperties!.ContainsKey("vendor_extra"));
        AssertSubset(System.Text.Json.Nodes.JsonNode.Parse(json), System.Text.Json.Nodes.JsonNode.Parse(JsonModel.ToJsonString(message)), "$");
    }

    [Fact]
    public void DiscriminatorMayAppearAnywhereInTheObject()
    {
        var block = JsonModel.Parse("""{"text":"late tag","citations":null,"type":"text"}"""u8.ToArray(), IContentBlock.ReadFrom);
        Assert.Equal("late tag", Assert.IsType<ResponseTextBlock>(block).Text);
    }

    [Fact]
    public void RequiredNullable_IsAlwaysWritten_OptionalAbsent_NeverIs()
    {
        var message = new Message
        {
            Id = "msg_1",
            Content = [new ResponseTextBlock { Text = "hi", Citations = null }],
            Model = "claude-x",
            StopReason = null,
            StopSequence = null,
            Container = null,
            Usage = new Usage { InputTokens = 1, OutputTokens = 2, CacheCreation = null, CacheCreationInputTokens = null, CacheReadInputTokens = null, InferenceGeo = null, ServerToolUse = null, ServiceTier = null },
        };
        using var doc = JsonDocument.Parse(JsonModel.ToUtf8(message));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("stop_sequence").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("stop_reason").ValueKind);
        Assert.Equal("message", doc.RootElement.GetProperty("type").GetString());

        var request = new CreateMessageParams { Model = "claude-x", MaxTokens = 10, Messages = [] };
        using var req = JsonDocument.Parse(JsonModel.ToUtf8(request));
        Assert.False(req.RootElement.TryGetProperty("temperature", out _));
        Assert.False(req.RootElement.TryGetProperty("system", out _));
    }

    [Fact]
    public void ExplicitNullOnOptionalMember_IsPreserved_AndCanBeRequested()
    {
        var chunk = """{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":null,"role":"assistant"},"finish_reason":null,"logprobs":null}]}""";
        var parsed = JsonModel.Parse<O.CreateChatCompletionStreamResponse>(System.Text.Encoding.UTF8.GetBytes(chunk));
        Assert.True(parsed.Choices[0].Delta.IsExplicitNull("content"));
        RoundTripTests.AssertSameJson(chunk, JsonModel.ToJsonString(parsed));

        var assistant = new O.ChatCompletionRequestAssistantMessage();
        Assert.DoesNotContain("content", JsonModel.ToJsonString(assistant), StringComparison.Ordinal);
        assistant.SetExplicitNull("content");
        Assert.Contains("\"content\":null", JsonModel.ToJsonString(assistant), StringComparison.Ordinal);
    }

    [Fact]
    public void ExtensibleEnum_KeepsUnknownValues()
    {
        var reason = JsonModel.Parse("\"model_context_window_exceeded\""u8.ToArray(), StopReason.ReadFrom);
        Assert.False(reason.IsKnown);
        Assert.Equal("model_context_window_exceeded", reason.Value);
        Assert.True(StopReason.EndTurn.IsKnown);
        Assert.Equal(StopReason.EndTurn, (StopReason)"end_turn");
        Assert.Equal("\"model_context_window_exceeded\"", JsonModel.ToJsonString(reason));
        Assert.Equal("other", reason.Match(() => "end", () => "max", () => "stop", () => "tool", () => "pause", () => "refusal", _ => "other"));
    }

    [Fact]
    public void ShapeUnion_StringOrArray()
    {
        var m = JsonModel.Parse<InputMessage>("""{"role":"user","content":"hello"}"""u8.ToArray());
        Assert.True(m.Content.IsString);
        Assert.Equal("hello", m.Content.AsString);
        var blocks = JsonModel.Parse<InputMessage>("""{"role":"user","content":[{"type":"text","text":"a"}]}"""u8.ToArray());
        Assert.True(blocks.Content.IsArray);
        Assert.IsType<RequestTextBlock>(blocks.Content.AsArray![0]);
    }

    [Fact]
    public void JsonSerializer_WorksThroughTheGeneratedResolver_WithoutReflection()
    {
        var json = """{"type":"error","error":{"type":"rate_limit_error","message":"slow down"},"request_id":"req_1"}""";
        var error = JsonSerializer.Deserialize(json, AnthropicJson.TypeInfo<ErrorResponse>())!;
        Assert.IsType<RateLimitError>(error.Error);
        RoundTripTests.AssertSameJson(json, JsonSerializer.Serialize(error, AnthropicJson.TypeInfo<ErrorResponse>()));
        Assert.True(AnthropicJson.Options.IsReadOnly);
        Assert.Null(AnthropicJson.Options.TypeInfoResolver!.GetTypeInfo(typeof(DateTime), AnthropicJson.Options));
    }

    [Fact]
    public void TaggedUnionMatch_IsExhaustive()
    {
        IToolChoice choice = new ToolChoiceAny();
        var name = IToolChoice.Match(choice, _ => "auto", _ => "any", _ => "tool", _ => "none", _ => "unknown");
        Assert.Equal("any", name);
    }
}
