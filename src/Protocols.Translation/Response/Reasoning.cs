using System.Text.Json;
using Protocols.Core;

namespace Protocols.Translation;

/// <summary>C43/C57: the reasoning text some backends add to a message or delta.</summary>
internal static class Reasoning
{
    /// <summary>The reasoning text carried in the non-standard members of a message or delta, if any.</summary>
    /// <param name="additional">The members the OpenAI schema does not name.</param>
    /// <returns>The text, or null.</returns>
    public static string? From(IDictionary<string, JsonElement>? additional)
    {
        // CUSTOM: not in the OpenAI spec. DeepSeek, vLLM, SGLang and LM Studio send reasoning_content;
        // OpenRouter and Ollama send reasoning. Both are plain strings (half a surrogate pair kept: a stream may split a pair).
        if (additional is null)
        {
            return null;
        }

        // The first non-empty one: a backend may send both with one of them "" (reasoning_content "" beside reasoning).
        var content = StringMember(additional, "reasoning_content");
        return string.IsNullOrEmpty(content) ? StringMember(additional, "reasoning") ?? content : content;
    }

    private static string? StringMember(IDictionary<string, JsonElement> additional, string name) =>
        additional.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? JsonRead.StringOf(value) : null;
}
