using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Protocols.Core;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>Audit probes of the request direction (Anthropic → OpenAI). Each test is a suspected bug or a probe.</summary>
public sealed class AuditRequestTests
{
    private static readonly string LongName = "mcp__my_server__" + new string('x', 60);

    // ---------- cache: notes replayed on a tools hit ----------

    [Fact]
    public void AuditRequest_CacheHit_ToolNameShortenedNote_MissingWhenFirstRequestHadLongToolUseInHistory()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        string tools = """[{"name":"NAME","description":"d","input_schema":{"type":"object","properties":{"a":{"type":"string"}}}}]""".Replace("NAME", LongName, StringComparison.Ordinal);

        // First request of the proxy's life: a conversation already holding a call to the long-named tool.
        var first = Encoding.UTF8.GetBytes($$"""
            {"model":"m","max_tokens":10,"tools":{{tools}},"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"{{LongName}}","input":{"a":"b"} } ]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}
            """);
        Cached(first, options, cache);

        // A new conversation with the same tools.
        var second = Encoding.UTF8.GetBytes($$"""{"model":"m","max_tokens":10,"tools":{{tools}},"messages":[{"role":"user","content":"hello"}]}""");
        var (plainContext, plainJson) = Plain(second, options);
        var (cachedContext, cachedJson) = Cached(second, options, cache);
        Assert.Equal(1, cache.Hits);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(plainJson), JsonNode.Parse(cachedJson)));
        Assert.Contains(plainContext.Report.Notes, n => n.Code == ConversionCodes.ToolNameShortened);
        Assert.Equal(
            plainContext.Report.Notes.Select(n => n.Code + ": " + n.Message),
            cachedContext.Report.Notes.Select(n => n.Code + ": " + n.Message));
    }

    // ---------- ordering of system entries deferred behind tool calls ----------

    [Fact]
    public void AuditRequest_SystemEntriesAroundToolResults_KeepTheirOrder()
    {
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
        var systems = messages.Where(m => (string?)m!["role"] == "system").Select(m => (string?)m!["content"]).ToList();
        Assert.Equal(["FIRST reminder", "SECOND reminder"], systems);
        Assert.Equal(["user", "assistant", "tool", "system", "system", "user"], messages.Select(m => (string?)m!["role"]));
    }

    // ---------- documents ----------

    [Fact]
    public void AuditRequest_PdfDocumentContext_IsKeptOrReported()
    {
        const string Pdf = "JVBERi0xLjcKMSAwIG9iago8PC9UeXBlIC9DYXRhbG9nIC9QYWdlcyAyIDAgUj4+CmVuZG9iagoyIDAgb2JqCjw8L1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDE+PgplbmRvYmoKMyAwIG9iago8PC9UeXBlIC9QYWdlIC9QYXJlbnQgMiAwIFI+PgplbmRvYmoKJSVFT0YK";
        var (context, json) = RequestCases.Translate($$"""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"{{Pdf}}"},"title":"q3.pdf","context":"Figures are in thousands of EUR"},
              {"type":"text","text":"Total revenue?"}]}]}
            """);
        bool kept = json.ToJsonString().Contains("thousands of EUR", StringComparison.Ordinal);
        bool reported = context.Report.Notes.Any(n => n.Message.Contains("context", StringComparison.OrdinalIgnoreCase));
        Assert.True(kept || reported, json.ToJsonString() + "\n" + string.Join("\n", context.Report.Notes));
    }

    // ---------- tool results split over consecutive user messages, the first with an image ----------

    [Fact]
    public void AuditRequest_SplitToolResults_FirstWithImage_SecondStillAnswersItsCall()
    {
        var (context, json) = RequestCases.Translate("""
            {"model":"m","max_tokens":10,"messages":[
              {"role":"user","content":"Go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"a","input":{}},{"type":"tool_use","id":"t2","name":"a","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"shot"},{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t2","content":"two"}]}],
             "tools":[{"name":"a","input_schema":{"type":"object"}}]}
            """);
        var tool2 = json["messages"]!.AsArray().Single(m => (string?)m!["role"] == "tool" && (string?)m!["tool_call_id"] == "t2");
        Assert.Equal("two", (string?)tool2!["content"]);
        Assert.DoesNotContain(context.Report.Notes, n => n.Code == ConversionCodes.OrphanToolResult);
    }

    // ---------- probes expected to pass ----------

    [Fact]
    public void AuditRequest_Probe_MixedToolResult_ErrorEmptyAndOrdering()
    {
        var (context, json) = RequestCases.Translate("""
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

    [Fact]
    public void AuditRequest_Probe_CacheDoesNotConfuseMessagesDifferingOnlyInToolIds()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options);
        var pad = new string('p', 300);
        foreach (var id in new[] { "toolu_A", "toolu_B", "toolu_A", "toolu_AB" })
        {
            var body = Encoding.UTF8.GetBytes("""
                {"model":"m","max_tokens":10,"messages":[
                  {"role":"user","content":"PAD"},
                  {"role":"assistant","content":[{"type":"text","text":"PAD"},{"type":"tool_use","id":"ID","name":"a","input":{"q":"PAD"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"ID","content":"PAD"}]},
                  {"role":"user","content":"PAD more"}],
                 "tools":[{"name":"a","input_schema":{"type":"object"}}]}
                """.Replace("PAD", pad, StringComparison.Ordinal).Replace("ID", id, StringComparison.Ordinal));
            var (pc, pj) = Plain(body, options);
            var (cc, cj) = Cached(body, options, cache);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pj), JsonNode.Parse(cj)), id + "\n" + pj + "\n" + cj);
            Assert.Equal(pc.Report.Notes, cc.Report.Notes);
            Assert.Equal(pc.State.EstimatedInputTokens, cc.State.EstimatedInputTokens);
        }

        Assert.True(cache.MessageHits > 0);
    }

    [Fact]
    public void AuditRequest_Probe_CacheUnderConcurrentRequests_SameAsPlain()
    {
        var options = new TranslationOptions();
        var cache = new TranslationCache(options, capacity: 3);
        var bodies = Enumerable.Range(0, 24).Select(i =>
        {
            var pad = new string((char)('a' + (i % 5)), 260 + i);
            return Encoding.UTF8.GetBytes($$$"""
                {"model":"m","max_tokens":10,"system":"sys {{{i % 4}}}","tools":[{"name":"t{{{i % 5}}}","input_schema":{"type":"object"}}],"messages":[
                  {"role":"user","content":"{{{pad}}}"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_{{{i % 3}}}","name":"t{{{i % 5}}}","input":{"p":"{{{pad}}}"} }]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_{{{i % 3}}}","content":"{{{pad}}} r{{{i}}}"}]}]}
                """);
        }).ToArray();
        var expected = bodies.Select(b => Plain(b, options)).Select(r => (r.Json, Notes: string.Join("|", r.Context.Report.Notes), r.Context.State.EstimatedInputTokens)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            int i = n % bodies.Length;
            var (c, j) = Cached(bodies[i], options, cache);
            if (!JsonNode.DeepEquals(JsonNode.Parse(j), JsonNode.Parse(expected[i].Json)) || string.Join("|", c.Report.Notes) != expected[i].Notes || c.State.EstimatedInputTokens != expected[i].EstimatedInputTokens)
            {
                failures.Add($"{i}: {j}");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void AuditRequest_Probe_ParametersAndToolChoice()
    {
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
        foreach (var code in new[] { ConversionCodes.TopKDropped, ConversionCodes.ThinkingDropped, ConversionCodes.RedactedThinkingDropped, ConversionCodes.StopSequencesEnforced })
        {
            Assert.Contains(context.Report.Notes, n => n.Code == code);
        }
    }

    // ---------- helpers ----------

    private static (RequestContext Context, string Json) Plain(byte[] body, TranslationOptions options)
    {
        var context = new RequestContext(options);
        var result = RequestTranslator.Translate(AnthropicRequestReader.Parse(body), context);
        return (context, JsonModel.ToJsonString(result));
    }

    private static (RequestContext Context, string Json) Cached(byte[] body, TranslationOptions options, TranslationCache cache)
    {
        var context = new RequestContext(options);
        var translated = RequestTranslator.TranslateBody(body, context, cache);
        var buffer = new ArrayBufferWriter<byte>();
        translated.WriteJson(buffer);
        return (context, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
