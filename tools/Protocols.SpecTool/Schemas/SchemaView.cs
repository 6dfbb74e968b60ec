using System.Globalization;
using System.Text.Json;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Schemas;

/// <summary>
/// One schema node seen through the equivalences a code generator applies, so that spelling
/// differences between documents are not reported as changes:
/// <list type="bullet">
/// <item>nullability, whatever the spelling: 3.0 <c>nullable: true</c> (still used in these 3.1
/// documents), 3.1 <c>type: [X, "null"]</c>, a <c>{type: "null"}</c> member of <c>anyOf</c>/<c>oneOf</c>,
/// <c>null</c> in an <c>enum</c>;</item>
/// <item>a wrapper with a single non-null member (<c>anyOf [X, null]</c>, <c>allOf [X]</c>) is X;</item>
/// <item><c>const: v</c> and <c>enum: [v]</c> are the same one-value enum (a variant tag);</item>
/// <item>a missing <c>type</c> is inferred from <c>properties</c>, <c>items</c> or the enum values.</item>
/// </list>
/// </summary>
internal sealed class SchemaView
{
    private SchemaView(SchemaNode node) => Node = node;

    /// <summary>The node after unwrapping (its pointer is where details live).</summary>
    public SchemaNode Node { get; }

    /// <summary>The component schema (or raw reference) the node is, after unwrapping; null for inline schemas.</summary>
    public string? Ref { get; private init; }

    /// <summary>Whether null is allowed, in any spelling.</summary>
    public bool Nullable { get; private init; }

    /// <summary>JSON types other than null, sorted; inferred when <c>type</c> is absent; empty for "any" and for unions.</summary>
    public IReadOnlyList<string> Types { get; private init; } = [];

    /// <summary>Allowed values as raw JSON (null excluded, <c>const</c> included), or null when not an enum.</summary>
    public IReadOnlyList<string>? EnumValues { get; private init; }

    /// <summary>Non-null members of <c>oneOf</c> and <c>anyOf</c>, keyed.</summary>
    public IReadOnlyList<Variant> Variants { get; private init; } = [];

    /// <summary><c>oneOf</c> or <c>anyOf</c> (the first present) for a union.</summary>
    public string? UnionKeyword { get; private init; }

    /// <summary>The discriminator's <c>propertyName</c>, when present.</summary>
    public string? DiscriminatorProperty { get; private init; }

    /// <summary>The discriminator's mapping (tag to schema name); empty without one.</summary>
    public IReadOnlyDictionary<string, string> Mapping { get; private init; } = new Dictionary<string, string>();

    /// <summary><c>items</c>, when it is a schema.</summary>
    public SchemaNode? Items { get; private init; }

    /// <summary><c>additionalProperties</c>, when it is a schema object.</summary>
    public SchemaNode? AdditionalProperties { get; private init; }

    /// <summary>Whether the node declares members (<c>properties</c>, or <c>allOf</c> parts to flatten).</summary>
    public bool HasMembers { get; private init; }

    /// <summary>A union: two or more non-null variants, or one behind a discriminator.</summary>
    public bool IsUnion => Variants.Count >= 2 || (Variants.Count == 1 && DiscriminatorProperty is not null);

    /// <summary>An enum (including a one-value tag) that is not a union.</summary>
    public bool IsEnum => EnumValues is not null && !IsUnion;

    /// <summary>An object with members, a dictionary or an <c>object</c> type.</summary>
    public bool IsObject => !IsUnion && Ref is null && (HasMembers || Types.Contains("object"));

    /// <summary>Builds the view of a node.</summary>
    public static SchemaView Of(SchemaNode node) => Of(node, nullable: false, depth: 0);

    /// <summary>A short description for reports: <c>string</c>, <c>ref Foo</c>, <c>array of ref Foo</c>, <c>oneOf of 3 variants</c>.</summary>
    public string Describe()
    {
        if (Ref is not null)
        {
            return Ref;
        }

        if (IsUnion)
        {
            return $"{UnionKeyword} of {Variants.Count} variant{(Variants.Count == 1 ? "" : "s")}";
        }

        var types = Types.Count == 0 ? "any" : string.Join(" | ", Types);
        if (EnumValues is not null)
        {
            return EnumValues.Count == 1 ? $"{types} const {EnumValues[0]}" : $"{types} enum";
        }

        if (Types is ["array"] && Items is { } items)
        {
            return "array of " + Of(items).Describe();
        }

        return types;
    }

    /// <summary>The single enum value of a tag property (<c>"text"</c> for <c>type: {const: "text"}</c>), unquoted.</summary>
    public string? SingleValue => EnumValues is [var only] ? Unquote(only) : null;

    /// <summary>Removes JSON string quotes for display; other values stay as JSON.</summary>
    public static string Unquote(string raw)
    {
        if (raw.Length < 2 || raw[0] != '"')
        {
            return raw;
        }

        using var json = JsonDocument.Parse(raw);
        return json.RootElement.GetString() ?? raw;
    }

    private static SchemaView Of(SchemaNode node, bool nullable, int depth)
    {
        if (!node.IsObject)
        {
            return new SchemaView(node) { Nullable = nullable };
        }

        var element = node.Element;
        nullable |= element.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True;

        var explicitTypes = new SortedSet<string>(StringComparer.Ordinal);
        if (element.TryGetProperty("type", out var type))
        {
            foreach (var t in type.ValueKind == JsonValueKind.Array ? type.EnumerateArray() : Enumerable.Repeat(type, 1))
            {
                if (t.ValueKind == JsonValueKind.String)
                {
                    if (t.GetString() == "null")
                    {
                        nullable = true;
                    }
                    else
                    {
                        explicitTypes.Add(t.GetString()!);
                    }
                }
            }
        }

        List<string>? enumValues = null;
        if (element.TryGetProperty("enum", out var enumElement) && enumElement.ValueKind == JsonValueKind.Array)
        {
            enumValues = [];
            foreach (var value in enumElement.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    nullable = true;
                }
                else
                {
                    AddDistinct(enumValues, value);
                }
            }
        }

        if (element.TryGetProperty("const", out var constElement) && constElement.ValueKind != JsonValueKind.Null)
        {
            enumValues ??= [];
            AddDistinct(enumValues, constElement);
        }

        if (enumValues is { Count: 0 })
        {
            enumValues = null; // enum: [null] only says "nullable"
        }

        var unionKeyword = node.TryGet("oneOf", out _) ? "oneOf" : node.TryGet("anyOf", out _) ? "anyOf" : null;
        var variantNodes = new List<SchemaNode>();
        foreach (var member in node.Items("oneOf").Concat(node.Items("anyOf")))
        {
            if (IsNullSchema(member.Element))
            {
                nullable = true;
            }
            else
            {
                variantNodes.Add(member);
            }
        }

        var discriminatorProperty = default(string);
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.TryGet("discriminator", out var discriminator))
        {
            discriminatorProperty = discriminator.String("propertyName") ?? "";
            foreach (var (tag, target) in discriminator.Members("mapping"))
            {
                if (target.Element.ValueKind == JsonValueKind.String)
                {
                    var value = target.Element.GetString()!;
                    mapping[tag] = JsonPointer.MappingTarget(value) ?? value;
                }
            }
        }

        var hasProperties = node.TryGet("properties", out _);
        var allOf = node.Items("allOf").ToList();
        var reference = node.String("$ref");
        var hasItems = node.TryGet("items", out var items) && items.IsObject;

        // Wrappers around a single schema are that schema (anyOf [X, null], oneOf [X], allOf [X]).
        if (reference is null && depth < 64 && enumValues is null && !hasProperties && !hasItems)
        {
            if (variantNodes.Count == 1 && discriminatorProperty is null && allOf.Count == 0)
            {
                return Of(variantNodes[0], nullable, depth + 1);
            }

            if (allOf.Count == 1 && variantNodes.Count == 0)
            {
                return Of(allOf[0], nullable, depth + 1);
            }
        }

        var additional = node.TryGet("additionalProperties", out var ap) && ap.IsObject ? ap : (SchemaNode?)null;
        var hasMembers = hasProperties || allOf.Count > 0;
        var types = explicitTypes.Count > 0 ? [.. explicitTypes] : InferTypes(hasMembers || additional is not null || node.TryGet("patternProperties", out _), hasItems, enumValues, element);
        var variants = KeyVariants(variantNodes, discriminatorProperty);
        return new SchemaView(node)
        {
            Ref = reference is null ? null : JsonPointer.SchemaName(reference) ?? reference,
            Nullable = nullable,
            Types = variants.Count >= 2 || (variants.Count == 1 && discriminatorProperty is not null) ? [] : types,
            EnumValues = enumValues,
            Variants = variants,
            UnionKeyword = variants.Count > 0 ? unionKeyword : null,
            DiscriminatorProperty = discriminatorProperty,
            Mapping = mapping,
            Items = hasItems ? items : null,
            AdditionalProperties = additional,
            HasMembers = hasMembers,
        };
    }

    private static List<string> InferTypes(bool objectLike, bool hasItems, List<string>? enumValues, JsonElement element)
    {
        if (objectLike)
        {
            return ["object"];
        }

        if (hasItems)
        {
            return ["array"];
        }

        var inferred = new SortedSet<string>(StringComparer.Ordinal);
        if (element.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            foreach (var value in values.EnumerateArray())
            {
                AddKind(value);
            }
        }

        if (element.TryGetProperty("const", out var constValue))
        {
            AddKind(constValue);
        }

        return enumValues is null ? [] : [.. inferred];

        void AddKind(JsonElement value)
        {
            var kind = value.ValueKind switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValueKind.Object => "object",
                JsonValueKind.Array => "array",
                _ => null,
            };
            if (kind is not null)
            {
                inferred.Add(kind);
            }
        }
    }

    /// <summary>
    /// Gives each variant a key that survives reordering: the schema name for a <c>$ref</c>, the tag
    /// for an inline object tagged by the discriminator (or <c>type</c>) property, else its JSON type
    /// (<c>string</c>, <c>string enum</c>, <c>array</c>). Repeated keys get <c>#2</c>, <c>#3</c>...
    /// </summary>
    private static List<Variant> KeyVariants(List<SchemaNode> nodes, string? discriminatorProperty)
    {
        var variants = new List<Variant>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var view = Of(node);
            var key = view.Ref ?? TagKey(view, discriminatorProperty ?? "type") ?? TypeKey(view);
            var count = seen[key] = seen.GetValueOrDefault(key) + 1;
            variants.Add(new Variant(count == 1 ? key : $"{key}#{count.ToString(CultureInfo.InvariantCulture)}", node, view));
        }

        return variants;
    }

    private static string? TagKey(SchemaView view, string property)
    {
        foreach (var (name, member) in view.Node.Members("properties"))
        {
            if (name == property && Of(member).SingleValue is { } tag)
            {
                return $"{property}={tag}";
            }
        }

        return null;
    }

    private static string TypeKey(SchemaView view)
    {
        if (view.IsUnion)
        {
            return view.UnionKeyword ?? "union";
        }

        var types = view.Types.Count == 0 ? "any" : string.Join("|", view.Types);
        return view.EnumValues is null ? types : types + " enum";
    }

    private static bool IsNullSchema(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            return (type.ValueKind == JsonValueKind.String && type.GetString() == "null")
                || (type.ValueKind == JsonValueKind.Array && type.GetArrayLength() > 0 && type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
        }

        if (schema.TryGetProperty("const", out var constValue))
        {
            return constValue.ValueKind == JsonValueKind.Null;
        }

        return schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            && values.GetArrayLength() > 0 && values.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Null);
    }

    private static void AddDistinct(List<string> values, JsonElement value)
    {
        var raw = value.GetRawText();
        if (!values.Contains(raw, StringComparer.Ordinal))
        {
            values.Add(raw);
        }
    }
}

/// <summary>A member of a union, with a stable key (see <see cref="SchemaView"/>).</summary>
internal sealed record Variant(string Key, SchemaNode Node, SchemaView View);
