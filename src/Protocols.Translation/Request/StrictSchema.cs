using System.Text.Json;

namespace Protocols.Translation;

/// <summary>
/// Whether a JSON Schema meets OpenAI's strict structured outputs: the root is an object, and every object at every
/// level has <c>additionalProperties: false</c> and lists each of its properties in <c>required</c>. OpenAI rejects the
/// whole request for a strict schema that does not; Anthropic's structured outputs accept optional properties.
/// </summary>
internal static class StrictSchema
{
    // Keywords holding one subschema, a list of subschemas, or a map of name → subschema.
    private static readonly string[] One = ["items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties"];
    private static readonly string[] List = ["anyOf", "oneOf", "allOf", "prefixItems", "items"];
    private static readonly string[] Map = ["properties", "$defs", "definitions", "patternProperties", "dependentSchemas"];

    /// <summary>Whether <paramref name="schema"/> can be sent with <c>strict: true</c>.</summary>
    /// <param name="schema">The schema.</param>
    /// <returns>True when the root is an object schema and every object level is closed and fully required.</returns>
    public static bool IsAccepted(JsonElement schema) => IsObjectType(schema) && Meets(schema);

    private static bool Meets(JsonElement schema)
    {
        bool hasProperties = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object;
        if (hasProperties || IsObjectType(schema))
        {
            if (!schema.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
            {
                return false;
            }

            if (hasProperties)
            {
                var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
                    : [];
                if (properties.EnumerateObject().Any(p => !required.Contains(p.Name)))
                {
                    return false;
                }
            }
        }

        return Subschemas(schema).All(Meets);
    }

    /// <summary>The object subschemas directly under <paramref name="schema"/> (true/false schemas have nothing to check).</summary>
    private static IEnumerable<JsonElement> Subschemas(JsonElement schema)
    {
        foreach (var keyword in One)
        {
            if (schema.TryGetProperty(keyword, out var sub) && sub.ValueKind == JsonValueKind.Object)
            {
                yield return sub;
            }
        }

        foreach (var keyword in List)
        {
            if (schema.TryGetProperty(keyword, out var subs) && subs.ValueKind == JsonValueKind.Array)
            {
                foreach (var sub in subs.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
                {
                    yield return sub;
                }
            }
        }

        foreach (var keyword in Map)
        {
            if (schema.TryGetProperty(keyword, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var sub in map.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
                {
                    yield return sub.Value;
                }
            }
        }
    }

    private static bool IsObjectType(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && schema.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String
            ? type.ValueEquals("object")
            : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.ValueEquals("object")));
}
