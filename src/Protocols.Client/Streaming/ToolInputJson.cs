using System.Text;
using System.Text.Json;

namespace Protocols.Client;

/// <summary>A streamed <c>tool_use</c> block's accumulated <c>partial_json</c>, read back as its input object.</summary>
internal static class ToolInputJson
{
    /// <summary>The empty object: the input of a tool call without (readable) arguments.</summary>
    public static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}"u8.ToArray()).RootElement.Clone();

    /// <summary>Reads the accumulated text as a JSON object.</summary>
    /// <param name="json">The concatenated <c>partial_json</c> fragments.</param>
    /// <param name="fallback">The input when nothing was streamed (the block's own <c>input</c>).</param>
    /// <returns>
    /// The object; <see cref="EmptyObject"/> when the text is not a complete JSON object (a stream cut short), never an
    /// exception. The text is transcoded leniently: a lone surrogate (in a delta built in code; JSON readers refuse
    /// them) becomes U+FFFD instead of failing the whole input.
    /// </returns>
    public static JsonElement Parse(string json, JsonElement fallback)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return fallback;
        }

        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : EmptyObject;
        }
        catch (JsonException)
        {
            return EmptyObject;
        }
    }
}
