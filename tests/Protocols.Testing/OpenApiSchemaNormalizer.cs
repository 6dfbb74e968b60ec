using System.Text.Json.Nodes;

namespace Protocols.Testing;

/// <summary>
/// Turns the <c>components.schemas</c> of an OpenAPI 3.0/3.1 document into a plain JSON Schema document
/// NJsonSchema 10.7.2 validates correctly. Every rewrite here exists because NJsonSchema got the
/// original form wrong (see the comments), and each one is pinned by a test in Protocols.Schemas.Tests.
/// </summary>
internal static class OpenApiSchemaNormalizer
{
    /// <summary>The reference prefix OpenAPI uses for its schemas.</summary>
    public const string ComponentsPrefix = "#/components/schemas/";

    /// <summary>The reference prefix of the rewritten document.</summary>
    public const string DefinitionsPrefix = "#/definitions/";

    // Keywords that carry no validation meaning: dropped, which also makes the documents smaller to load.
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "description", "title", "examples", "example", "default", "deprecated", "readOnly", "writeOnly",
        "externalDocs", "xml", "$comment", "$schema", "$id", "$anchor", "$recursiveAnchor", "$dynamicAnchor",
        "contentMediaType", "contentEncoding",
        // OpenAI's recursive JSON-Schema-of-JSON-Schema uses $recursiveRef, which NJsonSchema cannot resolve:
        // dropping it leaves "any value" there, which is the most NJsonSchema could check anyway.
        "$recursiveRef", "$dynamicRef",
    };

    private static readonly HashSet<string> SchemaMaps = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "definitions", "$defs", "dependentSchemas",
    };

    private static readonly HashSet<string> SchemaLists = new(StringComparer.Ordinal)
    {
        "allOf", "anyOf", "oneOf", "prefixItems",
    };

    private static readonly HashSet<string> SingleSchemas = new(StringComparer.Ordinal)
    {
        "not", "if", "then", "else", "contains", "propertyNames",
    };

    private static readonly HashSet<string> BoolOrSchemas = new(StringComparer.Ordinal)
    {
        "additionalProperties", "additionalItems", "unevaluatedProperties", "unevaluatedItems",
    };

    private static readonly HashSet<string> CompositionKeywords = new(StringComparer.Ordinal)
    {
        "allOf", "anyOf", "oneOf", "not",
    };

    /// <summary>Names of the schemas reachable from <paramref name="rootName"/> through references (the root included).</summary>
    /// <param name="schemas">The <c>components.schemas</c> object of the document.</param>
    /// <param name="rootName">The schema to start from.</param>
    /// <returns>The closure, in discovery order.</returns>
    public static IReadOnlyList<string> Closure(JsonObject schemas, string rootName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { rootName };
        var order = new List<string> { rootName };
        var queue = new Queue<string>();
        queue.Enqueue(rootName);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (schemas[name] is not { } schema)
            {
                throw new KeyNotFoundException($"The document has no schema named '{name}' (referenced while collecting '{rootName}').");
            }

            foreach (var target in ReferencedNames(schema))
            {
                if (seen.Add(target))
                {
                    order.Add(target);
                    queue.Enqueue(target);
                }
            }
        }

        return order;
    }

    /// <summary>
    /// Builds the JSON Schema document to load for <paramref name="rootName"/>: <c>{"$ref": "#/definitions/Root",
    /// "definitions": {closure, normalized}}</c>.
    /// </summary>
    /// <param name="schemas">The <c>components.schemas</c> object of the document.</param>
    /// <param name="rootName">The schema to validate against.</param>
    /// <returns>The document as JSON text.</returns>
    public static string BuildDocument(JsonObject schemas, string rootName)
    {
        var definitions = new JsonObject();
        foreach (var name in Closure(schemas, rootName))
        {
            definitions[name] = Normalize(schemas[name]);
        }

        var root = new JsonObject
        {
            ["$ref"] = DefinitionsPrefix + EscapePointer(rootName),
            ["definitions"] = definitions,
        };
        return root.ToJsonString();
    }

    /// <summary>Normalizes one schema (a deep copy is returned; the input is not changed).</summary>
    /// <param name="node">An OpenAPI schema object or boolean schema.</param>
    /// <returns>The normalized schema.</returns>
    public static JsonNode Normalize(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return new JsonObject();
            case JsonValue value when value.TryGetValue<bool>(out var allow):
                // Boolean schemas: NJsonSchema only understands them for additionalProperties/additionalItems.
                return allow ? new JsonObject() : new JsonObject { ["not"] = new JsonObject() };
            case JsonObject obj:
                return NormalizeObject(obj);
            default:
                throw new InvalidOperationException($"Not a schema: {node.ToJsonString()}");
        }
    }

    private static JsonObject NormalizeObject(JsonObject source)
    {
        var result = new JsonObject();
        var nullable = false;
        JsonNode? constValue = null;
        var hasConst = false;

        foreach (var (key, value) in source)
        {
            if (Annotations.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }

            switch (key)
            {
                case "nullable":
                    // OpenAPI 3.0 `nullable: true`. NJsonSchema honours it only in OpenApi3 mode and only through
                    // its own IsNullable checks, which are skipped inside allOf/anyOf/oneOf composition (a null array
                    // item against `{oneOf: [...], nullable: true}` fails). Rewriting it to JSON Schema null types
                    // makes the result independent of the mode.
                    nullable = value is JsonValue v && v.TryGetValue<bool>(out var b) && b;
                    break;
                case "const":
                    // NJsonSchema 10.7.2 ignores `const` entirely: a one-value enum is what it checks.
                    hasConst = true;
                    constValue = value?.DeepClone();
                    break;
                case "$ref":
                    result[key] = RewriteReference(value);
                    break;
                case "discriminator":
                    result[key] = RewriteDiscriminator(value);
                    break;
                case "items" when value is JsonArray tuple:
                    result[key] = NormalizeList(tuple);
                    break;
                case "items":
                    result[key] = Normalize(value);
                    break;
                default:
                    if (SchemaMaps.Contains(key) && value is JsonObject map)
                    {
                        var normalizedMap = new JsonObject();
                        foreach (var (name, child) in map)
                        {
                            normalizedMap[name] = Normalize(child);
                        }

                        result[key] = normalizedMap;
                    }
                    else if (SchemaLists.Contains(key) && value is JsonArray list)
                    {
                        result[key] = NormalizeList(list);
                    }
                    else if (SingleSchemas.Contains(key))
                    {
                        result[key] = Normalize(value);
                    }
                    else if (BoolOrSchemas.Contains(key) && value is JsonObject)
                    {
                        result[key] = Normalize(value);
                    }
                    else
                    {
                        result[key] = value?.DeepClone();
                    }

                    break;
            }
        }

        if (hasConst)
        {
            result["enum"] = new JsonArray(constValue);
        }

        // OpenAPI 3.1 allows keywords next to $ref; NJsonSchema follows the reference and ignores the siblings.
        // Move the reference into an allOf so the siblings (e.g. `required`) are still checked.
        if (result.ContainsKey("$ref") && result.Count > 1)
        {
            var reference = result["$ref"]!.DeepClone();
            result.Remove("$ref");
            var allOf = result["allOf"] as JsonArray ?? [];
            result.Remove("allOf");
            allOf.Insert(0, new JsonObject { ["$ref"] = reference });
            result["allOf"] = allOf;
        }

        AvoidWrapperReferences(result);
        return nullable ? MakeNullable(result) : result;
    }

    /// <summary>
    /// NJsonSchema treats a schema whose only composition is a one-element allOf/anyOf/oneOf holding a reference as
    /// that reference (<c>HasAllOfSchemaReference</c> and friends) and validates against the target alone, silently
    /// dropping sibling keywords such as <c>required</c>, <c>minItems</c> or <c>pattern</c>. A one-element anyOf/oneOf
    /// means the same as a one-element allOf; a second, empty allOf member keeps the schema from being read as a
    /// reference without changing what it accepts.
    /// </summary>
    private static void AvoidWrapperReferences(JsonObject schema)
    {
        var siblings = schema.Count(p => p.Key is not ("allOf" or "anyOf" or "oneOf" or "discriminator"));
        if (siblings == 0)
        {
            return; // A pure wrapper: reading it as its reference is exactly right.
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema[keyword] is JsonArray { Count: 1 } single)
            {
                var member = single[0]!.DeepClone();
                schema.Remove(keyword);
                var allOf = schema["allOf"] as JsonArray ?? [];
                schema.Remove("allOf");
                allOf.Add(member);
                schema["allOf"] = allOf;
            }
        }

        if (schema["allOf"] is JsonArray { Count: 1 } lone)
        {
            lone.Add(new JsonObject());
        }
    }

    private static JsonObject MakeNullable(JsonObject schema)
    {
        if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
        {
            values.Add(null);
        }

        if (schema["type"] is { } type)
        {
            switch (type)
            {
                case JsonValue single when single.TryGetValue<string>(out var name):
                    if (name != "null")
                    {
                        schema["type"] = new JsonArray(name, "null");
                    }

                    break;
                case JsonArray many when !many.Any(t => t?.GetValue<string>() == "null"):
                    many.Add("null");
                    break;
            }

            if (!schema.Any(p => CompositionKeywords.Contains(p.Key) || p.Key == "$ref"))
            {
                return schema;
            }
        }
        else if (!schema.Any(p => CompositionKeywords.Contains(p.Key) || p.Key == "$ref"))
        {
            // No type and no composition: the schema already accepts null (an enum got null added above).
            return schema;
        }

        // A composed schema: null must be allowed around the composition, not inside it.
        return new JsonObject
        {
            ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }),
        };
    }

    private static JsonArray NormalizeList(JsonArray list)
    {
        var result = new JsonArray();
        foreach (var item in list)
        {
            result.Add(Normalize(item));
        }

        return result;
    }

    private static JsonNode? RewriteReference(JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var reference))
        {
            return reference.StartsWith(ComponentsPrefix, StringComparison.Ordinal)
                ? DefinitionsPrefix + reference[ComponentsPrefix.Length..]
                : reference;
        }

        return value?.DeepClone();
    }

    private static JsonNode? RewriteDiscriminator(JsonNode? value)
    {
        if (value is not JsonObject discriminator)
        {
            return value?.DeepClone();
        }

        var copy = new JsonObject();
        foreach (var (key, child) in discriminator)
        {
            if (key == "mapping" && child is JsonObject mapping)
            {
                var rewritten = new JsonObject();
                foreach (var (tag, target) in mapping)
                {
                    rewritten[tag] = RewriteReference(target);
                }

                copy[key] = rewritten;
            }
            else if (!key.StartsWith("x-", StringComparison.Ordinal))
            {
                copy[key] = child?.DeepClone();
            }
        }

        return copy;
    }

    /// <summary>Every schema name a node references (through <c>$ref</c> or a discriminator mapping), in document order.</summary>
    private static List<string> ReferencedNames(JsonNode node)
    {
        var names = new List<string>();
        Visit(node);
        return names;

        void Visit(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        Visit(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Visit(child);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text)
                                          && text.StartsWith(ComponentsPrefix, StringComparison.Ordinal):
                    names.Add(UnescapePointer(text[ComponentsPrefix.Length..]));
                    break;
            }
        }
    }

    private static string EscapePointer(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string UnescapePointer(string segment) =>
        Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
