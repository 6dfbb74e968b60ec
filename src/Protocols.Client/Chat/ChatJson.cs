using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Protocols.Client;

/// <summary>JSON conversions between Microsoft.Extensions.AI values and Anthropic blocks, without reflection-only APIs.</summary>
internal static class ChatJson
{
    private static JsonElement EmptyObject => ToolInputJson.EmptyObject;

    /// <summary>A function call's arguments as the <c>tool_use</c> input object.</summary>
    public static JsonElement ToInput(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return EmptyObject;
        }

        var typeInfo = AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>));
        return JsonSerializer.SerializeToElement(arguments, typeInfo);
    }

    /// <summary>A <c>tool_use</c> input as function-call arguments (each value a <see cref="JsonElement"/>).</summary>
    public static Dictionary<string, object?> ToArguments(JsonElement input)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (input.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in input.EnumerateObject())
            {
                arguments[member.Name] = member.Value.Clone();
            }
        }

        return arguments;
    }

    /// <summary>A function result as <c>tool_result</c> text.</summary>
    public static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception?.Message ?? string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? string.Empty,
        JsonElement element => element.GetRawText(),
        TextContent text => text.Text,
        var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(other.GetType())),
    };

    /// <summary>Parses accumulated <c>input_json_delta</c> fragments; incomplete or invalid JSON gives <c>{}</c>.</summary>
    public static JsonElement ParseInput(string json) => ToolInputJson.Parse(json, ToolInputJson.EmptyObject);
}
