using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Protocols.Generators.Model;

namespace Protocols.Generators.Parsing;

internal sealed partial class SpecParser
{
    private TypeRef ResolveComponent(string name)
    {
        if (_componentRefs.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!_schemas.TryGetProperty(name, out var schema))
        {
            Unsupported(name, "the $ref points to a schema that does not exist", "JsonElement");
            return TypeRef.AnyRef;
        }

        if (!_inProgress.Add(name))
        {
            // An alias that refers to itself without passing through a named type.
            Unsupported(name, "recursive alias", "JsonElement");
            return TypeRef.AnyRef;
        }

        var csName = _componentNames.TryGetValue(name, out var reserved) ? reserved : ReserveInline(Naming.Pascal(name), name);
        var result = Resolve(schema, csName, name, name);
        _inProgress.Remove(name);
        _componentRefs[name] = result;
        return result;
    }

    /// <summary>Resolves a schema to a type reference, creating named types as needed.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="hint">The C# name a named type created here would get.</param>
    /// <param name="origin">A readable path for diagnostics.</param>
    /// <param name="component">The component name when <paramref name="schema"/> is a component itself (its name is reserved).</param>
    private TypeRef Resolve(JsonElement schema, string hint, string origin, string? component)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return TypeRef.AnyRef;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            Unsupported(origin, $"a schema of kind {schema.ValueKind}", "JsonElement");
            return TypeRef.AnyRef;
        }

        bool nullable = IsTrue(schema, "nullable");

        if (schema.TryGetProperty("$ref", out var refValue) && refValue.ValueKind == JsonValueKind.String)
        {
            var name = RefName(refValue.GetString()!);
            if (name is null)
            {
                Unsupported(origin, $"$ref '{refValue.GetString()}' outside components.schemas", "JsonElement");
                return TypeRef.AnyRef;
            }

            if (!_schemas.TryGetProperty(name, out _))
            {
                MissingRef(origin, name);
                return WithNullable(TypeRef.AnyRef, nullable);
            }

            return WithNullable(ResolveComponent(name), nullable);
        }

        // `type` may be a string or (3.1) an array including "null".
        string? type = null;
        if (schema.TryGetProperty("type", out var typeValue))
        {
            if (typeValue.ValueKind == JsonValueKind.String)
            {
                type = typeValue.GetString();
            }
            else if (typeValue.ValueKind == JsonValueKind.Array)
            {
                var types = typeValue.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList();
                if (types.Remove("null"))
                {
                    nullable = true;
                }

                type = types.Count == 1 ? types[0] : null;
                if (types.Count > 1)
                {
                    Unsupported(origin, "a type array with several non-null types", "JsonElement");
                    return WithNullable(TypeRef.AnyRef, nullable);
                }
            }
        }

        if (type == "null")
        {
            return WithNullable(TypeRef.AnyRef, true);
        }

        if (schema.TryGetProperty("const", out var constValue))
        {
            return WithNullable(ConstRef(constValue), nullable);
        }

        if (schema.TryGetProperty("enum", out var enumValue) && enumValue.ValueKind == JsonValueKind.Array)
        {
            return WithNullable(ResolveEnum(schema, enumValue, hint, origin, component, ref nullable), nullable);
        }

        if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            var parts = allOf.EnumerateArray().ToList();
            bool ownProperties = schema.TryGetProperty("properties", out _);
            if (parts.Count == 1 && !ownProperties)
            {
                return WithNullable(Resolve(parts[0], hint, origin, component), nullable);
            }

            return WithNullable(BuildObject(schema, hint, origin, component), nullable);
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var members) && members.ValueKind == JsonValueKind.Array)
            {
                var list = new List<JsonElement>();
                foreach (var m in members.EnumerateArray())
                {
                    if (IsNullSchema(m))
                    {
                        nullable = true;
                    }
                    else
                    {
                        list.Add(m);
                    }
                }

                if (list.Count == 0)
                {
                    return WithNullable(TypeRef.AnyRef, true);
                }

                if (list.Count == 1 && !schema.TryGetProperty("properties", out _))
                {
                    return WithNullable(Resolve(list[0], hint, origin, component), nullable);
                }

                return WithNullable(ResolveUnion(schema, list, hint, origin), nullable);
            }
        }

        switch (type)
        {
            case "string":
                return WithNullable(TypeRef.StringRef, nullable);
            case "integer":
                return new TypeRef { Kind = RefKind.Int64, Nullable = nullable };
            case "number":
                return new TypeRef { Kind = RefKind.Double, Nullable = nullable };
            case "boolean":
                return new TypeRef { Kind = RefKind.Boolean, Nullable = nullable };
            case "array":
                return new TypeRef { Kind = RefKind.Array, Element = ResolveItems(schema, hint, origin), Nullable = nullable };
        }

        if (schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            return WithNullable(BuildObject(schema, hint, origin, component), nullable);
        }

        if (type == "object" || type is null)
        {
            if (schema.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.Object && ap.EnumerateObject().Any())
            {
                return new TypeRef { Kind = RefKind.Map, Element = Resolve(ap, hint + "Value", origin + ".additionalProperties", null), Nullable = nullable };
            }

            if (type is null && schema.TryGetProperty("items", out _))
            {
                return new TypeRef { Kind = RefKind.Array, Element = ResolveItems(schema, hint, origin), Nullable = nullable };
            }

            foreach (var unsupported in new[] { "not", "if", "patternProperties", "prefixItems", "dependentSchemas" })
            {
                if (schema.TryGetProperty(unsupported, out _))
                {
                    Unsupported(origin, $"'{unsupported}'", "JsonElement");
                    break;
                }
            }

            // Free-form: the spec itself says any JSON value (or, with type object, any object) is allowed here.
            return WithNullable(type == "object" ? new TypeRef { Kind = RefKind.Any, ObjectOnly = true } : TypeRef.AnyRef, nullable);
        }

        Unsupported(origin, $"type '{type}'", "JsonElement");
        return WithNullable(TypeRef.AnyRef, nullable);
    }

    private TypeRef ResolveItems(JsonElement schema, string hint, string origin) =>
        schema.TryGetProperty("items", out var items) ? Resolve(items, hint + "Item", origin + "[]", null) : TypeRef.AnyRef;

    private static TypeRef WithNullable(TypeRef type, bool nullable) => nullable && !type.Nullable ? type with { Nullable = true } : type;

    private static bool IsTrue(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static bool IsNullSchema(JsonElement m) =>
        m.ValueKind == JsonValueKind.Object &&
        m.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    private TypeRef ConstRef(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => new TypeRef { Kind = RefKind.String, Const = value.GetString() },
        JsonValueKind.Number => value.TryGetInt64(out _) ? new TypeRef { Kind = RefKind.Int64 } : new TypeRef { Kind = RefKind.Double },
        JsonValueKind.True or JsonValueKind.False => new TypeRef { Kind = RefKind.Boolean },
        _ => TypeRef.AnyRef,
    };

    private TypeRef ResolveEnum(JsonElement schema, JsonElement values, string hint, string origin, string? component, ref bool nullable)
    {
        var strings = new List<string>();
        bool numbers = false, integers = true, bools = false;
        foreach (var v in values.EnumerateArray())
        {
            switch (v.ValueKind)
            {
                case JsonValueKind.String:
                    strings.Add(v.GetString()!);
                    break;
                case JsonValueKind.Null:
                    nullable = true;
                    break;
                case JsonValueKind.Number:
                    numbers = true;
                    integers &= v.TryGetInt64(out _);
                    break;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    bools = true;
                    break;
            }
        }

        if (numbers && strings.Count == 0)
        {
            return new TypeRef { Kind = integers ? RefKind.Int64 : RefKind.Double };
        }

        if (bools && strings.Count == 0)
        {
            return new TypeRef { Kind = RefKind.Boolean };
        }

        if (strings.Count == 0)
        {
            return TypeRef.AnyRef;
        }

        if (strings.Count == 1 && component is null)
        {
            // A one-value enum on a member is a tag (OpenAI writes `const` this way).
            return new TypeRef { Kind = RefKind.String, Const = strings[0] };
        }

        return BuildEnum(hint, origin, component, strings.Select(s => (s, (string?)null)), Description(schema));
    }

    private TypeRef BuildEnum(string hint, string origin, string? component, IEnumerable<(string Value, string? Doc)> values, string? doc)
    {
        var name = component is null ? ReserveInline(hint, origin) : hint;
        var builder = new TypeBuilder(name, origin, TypeKind.Enum) { Doc = Naming.Doc(doc) };
        var used = new HashSet<string>(StringComparer.Ordinal) { name };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, valueDoc) in values)
        {
            if (!seen.Add(value))
            {
                continue;
            }

            var cs = Naming.Pascal(value);
            if (ReservedMembers.Contains(cs) || cs is "Value" or "Known" or "IsKnown" or "KnownValues" or "Match" or "Unknown")
            {
                cs += "Value";
            }

            var unique = cs;
            for (int i = 2; !used.Add(unique); i++)
            {
                unique = cs + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            builder.Values.Add(new EnumValueSpec(value, unique, Naming.Doc(valueDoc)));
        }

        Register(builder);
        return new TypeRef { Kind = RefKind.Named, Name = Qualified(name), IsValueType = true };
    }

    private void Register(TypeBuilder builder)
    {
        _builders[builder.Name] = builder;
        _order.Add(builder);
    }

    private static string? Description(JsonElement schema) =>
        schema.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() :
        schema.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
}
