using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Protocols.Client.Tests;

/// <summary>OpenAI-shaped answers for the fake upstreams.</summary>
public static class OpenAI
{
    private const string Meta = "\"created\":1741570283,\"model\":\"gpt-4o-mini\"";

    private static string Q(string text) => JsonSerializer.Serialize(text);

    public static string Completion(string text, string finishReason = "stop", int promptTokens = 10, int completionTokens = 5, string model = "gpt-4o-mini") =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741570283,\"model\":" + Q(model)
        + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + Q(text) + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":" + Q(finishReason) + "}]"
        + ",\"usage\":" + Usage(promptTokens, completionTokens) + "}";

    public static string ToolCallCompletion(params (string Id, string Name, string Arguments)[] calls)
    {
        var list = string.Join(",", calls.Select(c => "{\"id\":" + Q(c.Id) + ",\"type\":\"function\",\"function\":{\"name\":" + Q(c.Name) + ",\"arguments\":" + Q(c.Arguments) + "}}"));
        return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\"," + Meta
            + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + list + "]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]"
            + ",\"usage\":" + Usage(20, 9) + "}";
    }

    public static string EmptyChoices() =>
        "{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion\"," + Meta + ",\"choices\":[],\"usage\":" + Usage(3, 0) + "}";

    public static string Error(string message, string type, string? code = null) =>
        "{\"error\":{\"message\":" + Q(message) + ",\"type\":" + Q(type) + ",\"param\":null,\"code\":" + (code is null ? "null" : Q(code)) + "}}";

    public static string Chunk(string delta, string? finishReason = null) =>
        "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\"," + Meta
        + ",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + (finishReason is null ? "null" : Q(finishReason)) + "}]}";

    public static string TextChunk(string text) => Chunk("{\"content\":" + Q(text) + "}");

    public static string ReasoningChunk(string text) => Chunk("{\"reasoning_content\":" + Q(text) + "}");

    public static string ToolStartChunk(int index, string id, string name) =>
        Chunk("{\"tool_calls\":[{\"index\":" + index + ",\"id\":" + Q(id) + ",\"type\":\"function\",\"function\":{\"name\":" + Q(name) + ",\"arguments\":\"\"}}]}");

    public static string ToolArgsChunk(int index, string fragment) =>
        Chunk("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":" + Q(fragment) + "}}]}");

    public static string FinishChunk(string reason) => Chunk("{}", reason);

    public static string UsageChunk(int prompt, int completion) =>
        "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\"," + Meta + ",\"choices\":[],\"usage\":" + Usage(prompt, completion) + "}";

    public static string Models(params string[] ids) =>
        "{\"object\":\"list\",\"data\":[" + string.Join(",", ids.Select(id => "{\"id\":" + Q(id) + ",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"test\"}")) + "]}";

    private static string Usage(int prompt, int completion) =>
        "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}";

    public static async Task WriteJsonAsync(HttpContext context, string json, int status = 200, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    public static async Task StartSseAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + data + "\n\n"), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static async Task WriteSseAsync(HttpContext context, params string[] data)
    {
        await StartSseAsync(context);
        foreach (var d in data)
        {
            await WriteEventAsync(context, d);
        }
    }
}
