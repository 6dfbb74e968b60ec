using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Protocols.Anthropic;
using Protocols.Core;
using Protocols.Testing;
using Xunit;

namespace Protocols.Translation.Tests.Response;

/// <summary>The result of one translated answer.</summary>
internal sealed record ResponseRun(Message Message, JsonNode Json, ResponseContext Context)
{
    public string[] Codes => [.. Context.Report.Notes.Select(n => n.Code).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>
/// Runs response cases: <c>Cases/response/&lt;name&gt;.openai.json</c> (an upstream 200 body, optionally with
/// <c>&lt;name&gt;.state.json</c>) goes through <see cref="ResponseTranslator.TranslateBody"/>; the Message
/// is validated against the Anthropic schema and compared semantically with <c>&lt;name&gt;.anthropic.json</c>
/// (minted ids replaced by placeholders). Set <c>UPDATE_BASELINES=1</c> to rewrite the expected files.
/// </summary>
internal static class ResponseCases
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string CasesDir => Path.Combine(AppContext.BaseDirectory, "Cases", "response");

    public static string SourceCasesDir => Path.Combine(RepoPaths.Root, "tests", "Protocols.Translation.Tests", "Cases", "response");

    public static ResponseRun AssertCase(string name)
    {
        var body = File.ReadAllBytes(Path.Combine(CasesDir, name + ".openai.json"));
        var (state, options) = CaseState.Load(Path.Combine(CasesDir, name + ".state.json"));
        var run = Translate(body, state, options);
        var actual = JsonNode.Parse(CaseState.NormalizeIds(run.Json.ToJsonString()))!;
        if (Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(Path.Combine(SourceCasesDir, name + ".anthropic.json"), actual.ToJsonString(Indented) + "\n");
            return run;
        }

        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(CasesDir, name + ".anthropic.json")))!;
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"Case {name}: the translation differs from the expected output.\nExpected:\n{expected.ToJsonString(Indented)}\nActual:\n{actual.ToJsonString(Indented)}");
        return run;
    }

    /// <summary>Translates a body and validates the Message against the Anthropic schema.</summary>
    public static ResponseRun Translate(ReadOnlySpan<byte> body, ExchangeState? state = null, TranslationOptions? options = null)
    {
        var context = new ResponseContext(options ?? new TranslationOptions(), state ?? CaseState.DefaultState(), new ConversionReport());
        var message = ResponseTranslator.TranslateBody(body, context);
        var json = JsonModel.ToJsonString(message);
        SchemaValidator.Anthropic.AssertValid("Message", json);
        Assert.Matches("^msg_[A-Za-z0-9]{24}$", message.Id);
        return new ResponseRun(message, JsonNode.Parse(json)!, context);
    }

    public static ResponseRun Translate(string body, ExchangeState? state = null, TranslationOptions? options = null) =>
        Translate(Encoding.UTF8.GetBytes(body), state, options);

    /// <summary>A minimal chat completion around a message object and finish reason.</summary>
    public static string Completion(string messageJson, string finishReason = "stop", string? usageJson = null) =>
        $$"""{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{{messageJson}},"logprobs":null,"finish_reason":"{{finishReason}}"}]{{(usageJson is null ? "" : ",\"usage\":" + usageJson)}}}""";
}
