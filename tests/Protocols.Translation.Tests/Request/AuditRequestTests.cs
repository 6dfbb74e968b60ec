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
