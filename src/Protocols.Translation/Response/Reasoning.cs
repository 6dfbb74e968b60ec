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

        if (additional.TryGetValue("reasoning_content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            return JsonRead.StringOf(content);
        }

        if (additional.TryGetValue("reasoning", out var reasoning) && reasoning.ValueKind == JsonValueKind.String)
        {
            return JsonRead.StringOf(reasoning);
        }

        return null;
    }
}
