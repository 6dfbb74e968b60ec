using System.Text.Json;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>OpenAI response bodies and stream chunks for scripts.</summary>
public static class OpenAIPayloads
{
    public static string TextCompletion(string text, string finish = "stop", int prompt = 12, int completion = 5, string model = "gpt-4o") =>
        Completion(model, $$$"""{"role":"assistant","content":{{{Q(text)}}},"refusal":null}""", finish, prompt, completion);

    public static string Completion(string model, string messageJson, string finish, int prompt = 12, int completion = 5, int cached = 0) =>
        $$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"{{{model}}}","choices":[{"index":0,"message":{{{messageJson}}},"finish_reason":"{{{finish}}}","logprobs":null}],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}},"prompt_tokens_details":{"cached_tokens":{{{cached}}} } } }""";

    public static string ToolCall(string id, string name, string argumentsJson) =>
        $$$"""{"id":"{{{id}}}","type":"function","function":{"name":"{{{name}}}","arguments":{{{Q(argumentsJson)}}}}}""";

    public static string Error(string message, string type = "invalid_request_error", string? code = null) =>
        $$$"""{"error":{"message":{{{Q(message)}}},"type":"{{{type}}}","param":null,"code":{{{(code is null ? "null" : Q(code))}}}}}""";

    public static string Chunk(string deltaJson, string? finish = null, string model = "gpt-4o") =>
        $$$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"{{{model}}}","choices":[{"index":0,"delta":{{{deltaJson}}},"finish_reason":{{{(finish is null ? "null" : Q(finish))}}}}]}""";

    public static string RoleChunk() => Chunk("""{"role":"assistant","content":""}""");

    public static string TextChunk(string text) => Chunk($$$"""{"content":{{{Q(text)}}}}""");

    public static string ReasoningChunk(string text) => Chunk($$$"""{"reasoning_content":{{{Q(text)}}}}""");

    public static string ToolCallChunk(int index, string? id, string? name, string arguments) =>
        Chunk($$$"""{"tool_calls":[{"index":{{{index}}}{{{(id is null ? "" : $",\"id\":\"{id}\",\"type\":\"function\"")}}},"function":{{{{(name is null ? "" : $"\"name\":\"{name}\",")}}}"arguments":{{{Q(arguments)}}}}}]}""");

    public static string FinishChunk(string finish) => Chunk("{}", finish);

    public static string UsageChunk(int prompt, int completion) =>
        $$$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""";

    /// <summary>A plain text stream: role, the pieces, finish, usage.</summary>
    public static string[] TextStream(params string[] pieces) =>
        [RoleChunk(), .. pieces.Select(TextChunk), FinishChunk("stop"), UsageChunk(12, pieces.Length)];

    private static string Q(string s) => JsonSerializer.Serialize(s);
}
