using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Protocols.Generators.Model;

namespace Protocols.Generators.Parsing;

internal sealed partial class SpecParser
{
    private TypeRef BuildObject(JsonElement schema, string hint, string origin, string? component)
    {
        var name = component is null ? ReserveInline(hint, origin) : hint;
        var builder = new TypeBuilder(name, origin, TypeKind.Object) { Doc = Naming.Doc(Description(schema)) };
        var self = new TypeRef { Kind = RefKind.Named, Name = Qualified(name) };
        Register(builder);
        if (component is not null)
        {
            // Recursive schemas (a block whose content holds blocks) see the type before its members.
            _componentRefs[component] = self;
        }

        var members = new List<(string Json, JsonElement Schema)>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        CollectMembers(schema, members, required, 0);

        var usedNames = new HashSet<string>(StringComparer.Ordinal) { name };
        foreach (var (json, propSchema) in members)
        {
            var cs = Naming.Pascal(json);
            if (ReservedMembers.Contains(cs))
            {
                cs += "Value";
            }

            var unique = cs;
            for (int i = 2; !usedNames.Add(unique); i++)
            {
                unique = cs + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var type = Resolve(propSchema, name + Naming.Pascal(json), origin + "." + json, null);
            builder.Properties.Add(new PropertySpec
            {
                JsonName = json,
                CsName = unique,
                Type = type,
                Required = required.Contains(json),
                Doc = Naming.Doc(Description(propSchema)),
                Deprecated = IsTrue(propSchema, "deprecated"),
                DefaultJson = propSchema.ValueKind == JsonValueKind.Object && propSchema.TryGetProperty("default", out var def) ? def.GetRawText() : null,
                JsonText = type.Kind == RefKind.String && _settings.JsonTextMembers.Contains(name + "." + json),
            });
        }

        return self;
    }

    /// <summary>Members of an object, following <c>allOf</c> composition and <c>$ref</c>s; later definitions win.</summary>
    private void CollectMembers(JsonElement schema, List<(string Json, JsonElement Schema)> members, HashSet<string> required, int depth)
    {
        if (depth > 32 || schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String)
        {
            var name = RefName(r.GetString()!);
            if (name is not null && _schemas.TryGetProperty(name, out var target))
            {
                CollectMembers(target, members, required, depth + 1);
            }

            return;
        }

        if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in allOf.EnumerateArray())
            {
                CollectMembers(part, members, required, depth + 1);
            }
        }

        if (schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in props.EnumerateObject())
            {
                int existing = members.FindIndex(m => m.Json == p.Name);
                if (existing >= 0)
                {
                    members[existing] = (p.Name, p.Value);
                }
                else
                {
                    members.Add((p.Name, p.Value));
                }
            }
        }

        if (schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in req.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    required.Add(item.GetString()!);
                }
            }
        }
    }

    /// <summary>Follows <c>$ref</c>s and one-member <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c> wrappers to the schema that says what a value is.</summary>
    private JsonElement Deref(JsonElement schema, out string? componentName)
    {
        componentName = null;
        for (int depth = 0; depth < 32 && schema.ValueKind == JsonValueKind.Object; depth++)
        {
            if (schema.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String)
            {
                var name = RefName(r.GetString()!);
                if (name is null || !_schemas.TryGetProperty(name, out var target))
                {
                    return schema;
                }

                componentName = name;
                schema = target;
                continue;
            }

            if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array && allOf.GetArrayLength() == 1 && !schema.TryGetProperty("properties", out _))
            {
                schema = allOf[0];
                continue;
            }

            return schema;
        }

        return schema;
    }
}
