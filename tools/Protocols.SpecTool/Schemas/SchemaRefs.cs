using System.Text.Json;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Schemas;

/// <summary>
/// The component schemas one schema refers to, found by walking the schema keywords (not every JSON
/// value: <c>example</c>, <c>default</c>, <c>enum</c> or a property that happens to be called
/// <c>default</c> must not be mistaken for keywords). Discriminator mapping targets count as
/// references: a mapped variant is generated even when <c>oneOf</c> omits it.
/// </summary>
internal static class SchemaRefs
{
    private static readonly string[] SchemaValued =
        ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema"];

    private static readonly string[] SchemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems"];

    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

    /// <summary>All <c>$ref</c> strings reachable inside a schema (component names or other refs).</summary>
    public static List<string> Collect(JsonElement schema)
    {
        var refs = new List<string>();
        Walk(schema, refs);
        return refs;
    }

    private static void Walk(JsonElement schema, List<string> refs)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            refs.Add(reference.GetString()!);
        }

        foreach (var keyword in SchemaValued)
        {
            if (schema.TryGetProperty(keyword, out var child))
            {
                if (child.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in child.EnumerateArray())
                    {
                        Walk(item, refs); // items: [..] (draft-04 tuples)
                    }
                }
                else
                {
                    Walk(child, refs);
                }
            }
        }

        foreach (var keyword in SchemaArrays)
        {
            if (schema.TryGetProperty(keyword, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    Walk(item, refs);
                }
            }
        }

        foreach (var keyword in SchemaMaps)
        {
            if (schema.TryGetProperty(keyword, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in map.EnumerateObject())
                {
                    Walk(member.Value, refs);
                }
            }
        }

        if (schema.TryGetProperty("discriminator", out var discriminator)
            && discriminator.ValueKind == JsonValueKind.Object
            && discriminator.TryGetProperty("mapping", out var mapping)
            && mapping.ValueKind == JsonValueKind.Object)
        {
            foreach (var target in mapping.EnumerateObject())
            {
                if (target.Value.ValueKind == JsonValueKind.String)
                {
                    var value = target.Value.GetString()!;
                    // Bare names in a mapping designate component schemas (OpenAPI 3.1 §4.8.25).
                    refs.Add(value.Contains('/', StringComparison.Ordinal) ? value : JsonPointer.SchemasPrefix + value);
                }
            }
        }
    }

    /// <summary>All <c>$ref</c> strings anywhere under a JSON value (used on operations, not schemas).</summary>
    public static void CollectAnywhere(JsonElement value, ICollection<string> refs)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    if (member.NameEquals("$ref") && member.Value.ValueKind == JsonValueKind.String)
                    {
                        refs.Add(member.Value.GetString()!);
                    }
                    else
                    {
                        CollectAnywhere(member.Value, refs);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    CollectAnywhere(item, refs);
                }

                break;
        }
    }
}
