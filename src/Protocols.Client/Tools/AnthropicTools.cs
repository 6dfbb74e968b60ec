using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>Builders for client tools (<c>{name, description, input_schema}</c>).</summary>
public static class AnthropicTools
{
    /// <summary>A tool with a given input schema.</summary>
    /// <param name="name">The tool name (<c>^[a-zA-Z0-9_-]{1,128}$</c>).</param>
    /// <param name="description">What the tool does and when to use it; null for none.</param>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The tool.</returns>
    public static Tool Create(string name, string? description, InputSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new Tool { Name = name, Description = description, InputSchema = inputSchema };
    }

    /// <summary>A tool whose input schema is a JSON Schema object.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="description">What the tool does; null for none.</param>
    /// <param name="jsonSchema">The schema object.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ArgumentException">The schema is not an object schema.</exception>
    public static Tool Create(string name, string? description, JsonElement jsonSchema) =>
        Create(name, description, ToolSchemas.FromJson(jsonSchema));

    /// <summary>A tool whose input is a C# type, from its source-generated type info (trim- and AOT-safe).</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <param name="name">The tool name.</param>
    /// <param name="description">What the tool does; null for none.</param>
    /// <param name="typeInfo">The type info, e.g. <c>MyJsonContext.Default.WeatherQuery</c>.</param>
    /// <returns>The tool.</returns>
    public static Tool FromType<T>(string name, string? description, JsonTypeInfo<T> typeInfo) =>
        Create(name, description, ToolSchemas.For(typeInfo));

    /// <summary>A tool whose input is a C# type, through reflection.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <param name="name">The tool name.</param>
    /// <param name="description">What the tool does; null for none.</param>
    /// <param name="options">Serializer options (naming policy …); null for the defaults.</param>
    /// <returns>The tool.</returns>
    [RequiresUnreferencedCode("Reflection-based schema: use FromType(name, description, JsonTypeInfo<T>) when trimming.")]
    [RequiresDynamicCode("Reflection-based schema: use FromType(name, description, JsonTypeInfo<T>) for native AOT.")]
    public static Tool FromType<T>(string name, string? description, JsonSerializerOptions? options = null) =>
        Create(name, description, ToolSchemas.For<T>(options));

    /// <summary>Reads a tool call's input as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <param name="toolUse">The tool call.</param>
    /// <param name="typeInfo">The type info.</param>
    /// <returns>The input.</returns>
    /// <exception cref="JsonException">The input does not fit the type.</exception>
    public static T? GetInput<T>(this ResponseToolUseBlock toolUse, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(toolUse);
        return toolUse.Input.Deserialize(typeInfo);
    }
}
