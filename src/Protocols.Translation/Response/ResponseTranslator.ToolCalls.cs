using System.Text.Json;
using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Tool calls → tool_use blocks: ids (C45), arguments (C44), original names (C13).
public static partial class ResponseTranslator
{
    private static partial void HandleToolCall(ChatCompletionMessageToolCall value, ResponseContext context) =>
        AddToolUse(value.Id, value.Function?.Name, value.Function?.Arguments, context);

    private static partial void HandleToolCall(ChatCompletionMessageCustomToolCall value, ResponseContext context)
    {
        // CUSTOM: a custom (free-form) tool call has text input, but tool_use input is an object: it is
        // carried as {"input": "<text>"}. The request side only declares function tools, so this is rare.
        var name = value.Custom?.Name;
        if (string.IsNullOrEmpty(name))
        {
            context.Report.Add(ConversionCodes.ToolCallDropped, "a custom tool call without a name was dropped");
            return;
        }

        AddToolUse(value.Id, name, JsonElements.Object(("input", value.Custom?.Input)), context);
    }

    private static partial void HandleToolCall(UnknownChatCompletionMessageToolCallsItem value, ResponseContext context)
    {
        // CUSTOM: some backends leave out "type": "function" (so the union reads an unknown variant); the
        // call is still a function call when it has a function member.
        var json = value.Json;
        if (json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty("function", out var function)
            && function.ValueKind == JsonValueKind.Object)
        {
            AddToolUse(StringMember(json, "id"), StringMember(function, "name"), ArgumentsMember(function), context);
            return;
        }

        context.Report.Add(ConversionCodes.ToolCallDropped, $"a tool call of type '{value.Tag}' cannot be carried and was dropped");
    }

    private static void AddToolUse(string? id, string? name, string? arguments, ResponseContext context)
    {
        if (string.IsNullOrEmpty(name))
        {
            // tool_use needs a name (minLength 1), and inventing one would run the wrong tool.
            context.Report.Add(ConversionCodes.ToolCallDropped, "a tool call without a name was dropped");
            return;
        }

        var original = context.State.OriginalToolName(name);
        AddToolUse(id, name, ToolArguments.Parse(arguments, original, context.Report), context);
    }

    private static void AddToolUse(string? id, string name, JsonElement input, ResponseContext context)
    {
        context.ToolUses.Add(new ResponseToolUseBlock
        {
            Id = ToolCallIds.Assign(id, context.ToolUseIds, context.Report),
            Name = context.State.OriginalToolName(name),
            Input = input,
            Caller = new DirectCaller(),
        });
    }

    private static string? StringMember(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? ArgumentsMember(JsonElement function)
    {
        if (!function.TryGetProperty("arguments", out var v))
        {
            return null;
        }

        // CUSTOM: some backends send the arguments as an object rather than a JSON string.
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => v.GetRawText(),
            _ => null,
        };
    }
}
