using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Testing;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>
/// Runs request cases: <c>Cases/request/&lt;name&gt;.anthropic.json</c> is read and translated, the result is
/// validated against the OpenAI <c>CreateChatCompletionRequest</c> schema and compared semantically
/// (<see cref="JsonNode.DeepEquals"/>) with <c>&lt;name&gt;.openai.json</c>.
/// Set <c>UPDATE_BASELINES=1</c> to rewrite the expected files from the actual output (then review the diff).
/// </summary>
internal static class RequestCases
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The cases copied next to the test assembly.</summary>
    public static string CasesDir => Path.Combine(AppContext.BaseDirectory, "Cases", "request");

    /// <summary>The cases in the repository (where baselines are rewritten).</summary>
    public static string SourceCasesDir => Path.Combine(RepoPaths.Root, "tests", "Protocols.Translation.Tests", "Cases", "request");

    /// <summary>Translates a case and asserts the exact expected output; returns the context for report assertions.</summary>
    public static RequestContext AssertCase(string name, TranslationOptions? options = null)
    {
        var input = File.ReadAllBytes(Path.Combine(CasesDir, name + ".anthropic.json"));
        var (context, actualJson) = Translate(input, options);

        var actual = JsonNode.Parse(actualJson)!;
        if (Environment.GetEnvironmentVariable("UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(Path.Combine(SourceCasesDir, name + ".openai.json"), actual.ToJsonString(Indented) + "\n");
            return context;
        }

        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(CasesDir, name + ".openai.json")))!;
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"Case {name}: the translation differs from the expected output.\nExpected:\n{expected.ToJsonString(Indented)}\nActual:\n{actual.ToJsonString(Indented)}");
        return context;
    }

    /// <summary>Reads, translates and schema-validates a request; returns the context and the OpenAI JSON.</summary>
    public static (RequestContext Context, string Json) Translate(ReadOnlySpan<byte> anthropicJson, TranslationOptions? options = null)
    {
        var context = new RequestContext(options ?? new TranslationOptions());
        var request = AnthropicRequestReader.Parse(anthropicJson);
        var result = RequestTranslator.Translate(request, context);
        var json = JsonModel.ToJsonString(result);
        SchemaValidator.OpenAI.AssertValid("CreateChatCompletionRequest", json);
        return (context, json);
    }

    /// <summary>Translates an inline request; returns the context and the OpenAI JSON as a node.</summary>
    public static (RequestContext Context, JsonNode Json) Translate(string anthropicJson, TranslationOptions? options = null)
    {
        var (context, json) = Translate(Encoding.UTF8.GetBytes(anthropicJson), options);
        return (context, JsonNode.Parse(json)!);
    }

    /// <summary>Translates an inline request and returns the typed result too.</summary>
    public static CreateChatCompletionRequest TranslateTyped(string anthropicJson, RequestContext context)
    {
        var request = AnthropicRequestReader.Parse(Encoding.UTF8.GetBytes(anthropicJson));
        var result = RequestTranslator.Translate(request, context);
        SchemaValidator.OpenAI.AssertValid("CreateChatCompletionRequest", JsonModel.ToJsonString(result));
        return result;
    }

    /// <summary>The report codes, for exact assertions.</summary>
    public static string[] Codes(RequestContext context) => [.. context.Report.Notes.Select(n => n.Code).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Reads a Claude Code capture's body.</summary>
    public static byte[] ClaudeCodeBody(string file)
    {
        var capture = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.FixturesDir, "claude-code", file)))!;
        return Encoding.UTF8.GetBytes(capture["body"]!.ToJsonString());
    }

    /// <summary>Options for a target model with a model-map rule sending every request to it.</summary>
    public static TranslationOptions Target(string model) => new() { ModelMap = [new ModelMapRule { Match = "*", Target = model }] };
}
