using System.Text.Json;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Schemas;

/// <summary>
/// What the closure holds, by the shape the generator gives each named schema, plus counts of the
/// spec quirks the generator (and the diff) must cope with.
/// </summary>
/// <param name="Total">Schemas in the closure.</param>
/// <param name="Objects">Object schemas (classes).</param>
/// <param name="DiscriminatedUnions">Unions with a discriminator and a mapping.</param>
/// <param name="UnmappedUnions">Unions with a discriminator but no mapping (tags come from the variants).</param>
/// <param name="UndiscriminatedUnions">Unions without a discriminator.</param>
/// <param name="Enums">Enums (string or other, including one-value tags defined as schemas).</param>
/// <param name="Other">Aliases, primitives and arrays.</param>
/// <param name="Recursive">Schemas that reach themselves through <c>$ref</c>.</param>
/// <param name="Nullable30">Uses of 3.0-style <c>nullable: true</c> inside the closure.</param>
/// <param name="NullUnions">Uses of 3.1 <c>anyOf/oneOf [X, {type: null}]</c> or <c>type: [X, "null"]</c>.</param>
/// <param name="ConstTags">Uses of <c>const</c>.</param>
/// <param name="AllOf">Uses of <c>allOf</c> composition.</param>
/// <param name="InlineUnions">Unions declared inline (inside a member), not as named schemas.</param>
internal sealed record ClosureStats(
    int Total,
    int Objects,
    int DiscriminatedUnions,
    int UnmappedUnions,
    int UndiscriminatedUnions,
    int Enums,
    int Other,
    int Recursive,
    int Nullable30,
    int NullUnions,
    int ConstTags,
    int AllOf,
    int InlineUnions)
{
    /// <summary>All unions.</summary>
    public int Unions => DiscriminatedUnions + UnmappedUnions + UndiscriminatedUnions;

    /// <summary>Counts the shapes and quirks of a closure.</summary>
    public static ClosureStats Compute(SpecDocument document, SchemaClosure closure)
    {
        int objects = 0, mapped = 0, unmapped = 0, undiscriminated = 0, enums = 0, other = 0;
        var quirks = new QuirkCounter();
        foreach (var name in closure.Schemas.Keys)
        {
            var node = SchemaNode.Named(document.Schemas[name], name);
            var view = SchemaView.Of(node);
            if (view.IsUnion)
            {
                if (view.DiscriminatorProperty is null)
                {
                    undiscriminated++;
                }
                else if (view.Mapping.Count > 0)
                {
                    mapped++;
                }
                else
                {
                    unmapped++;
                }
            }
            else if (view.IsEnum)
            {
                enums++;
            }
            else if (view.IsObject)
            {
                objects++;
            }
            else
            {
                other++;
            }

            quirks.Walk(node.Element, topLevel: true);
        }

        return new ClosureStats(
            closure.Schemas.Count, objects, mapped, unmapped, undiscriminated, enums, other,
            CountRecursive(closure), quirks.Nullable30, quirks.NullUnions, quirks.ConstTags, quirks.AllOf, quirks.InlineUnions);
    }

    private static int CountRecursive(SchemaClosure closure)
    {
        var count = 0;
        foreach (var start in closure.Schemas.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(closure.Edges.GetValueOrDefault(start) ?? []);
            while (stack.TryPop(out var name))
            {
                if (name == start)
                {
                    count++;
                    break;
                }

                if (seen.Add(name))
                {
                    foreach (var next in closure.Edges.GetValueOrDefault(name) ?? [])
                    {
                        stack.Push(next);
                    }
                }
            }
        }

        return count;
    }

    private sealed class QuirkCounter
    {
        public int Nullable30 { get; private set; }

        public int NullUnions { get; private set; }

        public int ConstTags { get; private set; }

        public int AllOf { get; private set; }

        public int InlineUnions { get; private set; }

        public void Walk(JsonElement schema, bool topLevel)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True)
            {
                Nullable30++;
            }

            if (schema.TryGetProperty("const", out _))
            {
                ConstTags++;
            }

            if (schema.TryGetProperty("allOf", out _))
            {
                AllOf++;
            }

            if (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "null"))
            {
                NullUnions++;
            }

            foreach (var keyword in (string[])["oneOf", "anyOf", "allOf"])
            {
                if (schema.TryGetProperty(keyword, out var members) && members.ValueKind == JsonValueKind.Array)
                {
                    var nonNull = 0;
                    foreach (var member in members.EnumerateArray())
                    {
                        if (member.ValueKind == JsonValueKind.Object && member.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")
                        {
                            NullUnions++;
                        }
                        else
                        {
                            nonNull++;
                        }

                        Walk(member, topLevel: false);
                    }

                    if (!topLevel && keyword != "allOf" && nonNull >= 2)
                    {
                        InlineUnions++;
                    }
                }
            }

            foreach (var keyword in (string[])["items", "additionalProperties", "not"])
            {
                if (schema.TryGetProperty(keyword, out var child))
                {
                    Walk(child, topLevel: false);
                }
            }

            if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    Walk(property.Value, topLevel: false);
                }
            }
        }
    }
}
