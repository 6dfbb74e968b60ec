using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>
/// A tool's <c>input_schema</c> from a C# type (.NET's <see cref="JsonSchemaExporter"/>, no hand-written generator) or from
/// a JSON Schema document. <c>[Description]</c> attributes on the type and its properties become <c>description</c>s.
/// </summary>
public static class ToolSchemas
{
    private static readonly JsonSchemaExporterOptions ExporterOptions = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = AddDescription,
    };

    /// <summary>The schema of a type, from its (source-generated or reflection) type info: trim- and AOT-safe.</summary>
    /// <param name="typeInfo">The type info, e.g. <c>MyJsonContext.Default.WeatherQuery</c>.</param>
    /// <returns>The input schema.</returns>
    /// <exception cref="ArgumentException">The type's schema is not an object schema.</exception>
    public static InputSchema For(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var node = typeInfo.GetJsonSchemaAsNode(ExporterOptions);
        return FromJson(ToElement(node));
    }

    /// <summary>The schema of a type through reflection (<see cref="JsonSerializerOptions.Default"/> unless given).</summary>
    /// <typeparam name="T">The type of the tool's input.</typeparam>
    /// <param name="options">The serializer options (naming policy …); null for the defaults. They are made read-only.</param>
    /// <returns>The input schema.</returns>
    [RequiresUnreferencedCode("Reflection-based schema: use For(JsonTypeInfo) with a JsonSerializerContext when trimming.")]
    [RequiresDynamicCode("Reflection-based schema: use For(JsonTypeInfo) with a JsonSerializerContext for native AOT.")]
    public static InputSchema For<T>(JsonSerializerOptions? options = null)
    {
        options ??= JsonSerializerOptions.Default;
        options.MakeReadOnly(populateMissingResolver: true);
        return For(options.GetTypeInfo(typeof(T)));
    }

    /// <summary>An input schema from a JSON Schema object (<c>{"type":"object","properties":{…},"required":[…]}</c>).</summary>
    /// <param name="schema">The schema object.</param>
    /// <returns>The input schema; members other than <c>properties</c>/<c>required</c>/<c>type</c> are kept.</returns>
    /// <exception cref="ArgumentException">The schema is not an object, or its <c>type</c> is not <c>object</c>.</exception>
    public static InputSchema FromJson(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("a tool's input schema must be a JSON object", nameof(schema));
        }

        var result = new InputSchema();
        Dictionary<string, JsonElement>? extra = null;
        foreach (var member in schema.EnumerateObject())
        {
            switch (member.Name)
            {
                case "type":
                    if (!IsObjectType(member.Value))
                    {
                        throw new ArgumentException($"a tool's input schema must have type \"object\", not {member.Value.GetRawText()}: wrap the value in an object", nameof(schema));
                    }

                    break;
                case "properties":
                    result.Properties = member.Value.Clone();
                    break;
                case "required" when member.Value.ValueKind == JsonValueKind.Array:
                    result.Required = [.. member.Value.EnumerateArray().Where(static v => v.ValueKind == JsonValueKind.String).Select(static v => v.GetString()!)];
                    break;
                default:
                    (extra ??= new(StringComparer.Ordinal))[member.Name] = member.Value.Clone();
                    break;
            }
        }

        result.AdditionalProperties = extra;
        return result;
    }

    private static bool IsObjectType(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => type.ValueEquals("object"),

        // ["object","null"]: a nullable reference type at the root; a tool input is never null.
        JsonValueKind.Array => type.EnumerateArray().Any(static t => t.ValueKind == JsonValueKind.String && t.ValueEquals("object")),
        _ => false,
    };

    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static JsonNode AddDescription(JsonSchemaExporterContext context, JsonNode schema)
    {
        var provider = context.PropertyInfo?.AttributeProvider ?? (context.Path.IsEmpty ? context.TypeInfo.Type : null);
        if (schema is JsonObject obj && provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true) is [DescriptionAttribute { Description: { Length: > 0 } text }, ..])
        {
            obj.Insert(0, "description", text);
        }

        return schema;
    }
}
