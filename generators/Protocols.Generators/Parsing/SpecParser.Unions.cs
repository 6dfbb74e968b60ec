using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Protocols.Generators.Model;

namespace Protocols.Generators.Parsing;

internal sealed partial class SpecParser
{
    private sealed class Member
    {
        public JsonElement Schema;
        public JsonElement Target;
        public string? Component;
        public ShapeKind? Shape;
        public List<string> Tags = new();
        public bool TagOptional;
        public List<(string Json, JsonElement Schema)> Members = new();
        public HashSet<string> Required = new(StringComparer.Ordinal);
        public bool IsNestedUnion;
    }

    private TypeRef ResolveUnion(JsonElement schema, List<JsonElement> list, string hint, string origin)
    {
        // A component union reached through ResolveComponent already owns `hint`.
        bool reserved = _names.TryGetValue(hint, out var owner) && owner == origin;
        var members = list.Select(m => Analyse(m)).ToList();

        // 1. Only strings (plain, const, enum): an extensible enum.
        if (members.All(m => m.Shape == ShapeKind.String))
        {
            return ResolveStringUnion(schema, members, hint, origin, reserved);
        }

        // 2. Only objects, told apart by a tag member: an interface with one class per variant.
        if (members.All(m => m.Shape == ShapeKind.Object || m.IsNestedUnion))
        {
            var tag = FindTag(schema, members);
            if (tag is not null)
            {
                return BuildTaggedUnion(schema, members, tag, hint, origin, reserved);
            }

            // A declared discriminator that some variants do not fix (no const/enum) or fix to another variant's tag: the
            // union stays tagged on it (hand-written code keeps compiling), those variants are read as the unknown variant.
            var declared = Discriminator(schema);
            if (declared is not null && TryTagLoosely(declared, members, DiscriminatorMapping(schema), out var dropped))
            {
                foreach (var (m, why) in dropped)
                {
                    var variant = m.Component ?? "#" + (members.IndexOf(m) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    _diagnostics.Add(new DiagnosticInfo("PROTO008", LocateSchema(ComponentOf(origin)), new[] { origin, declared, variant, why }.ToEquatableArray()));
                }

                return BuildTaggedUnion(schema, members.Where(m => !dropped.Any(d => d.Member == m)).ToList(), declared, hint, origin, reserved);
            }
        }

        // 3. Anything else: by JSON shape.
        return BuildShapeUnion(schema, members, hint, origin, reserved);
    }

    private Member Analyse(JsonElement schema)
    {
        var target = Deref(schema, out var component);
        var m = new Member { Schema = schema, Target = target, Component = component };
        if (target.ValueKind != JsonValueKind.Object)
        {
            return m;
        }

        string? type = target.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (target.TryGetProperty("const", out var c))
        {
            m.Shape = c.ValueKind switch
            {
                JsonValueKind.String => ShapeKind.String,
                JsonValueKind.Number => ShapeKind.Number,
                JsonValueKind.True or JsonValueKind.False => ShapeKind.Boolean,
                _ => null,
            };
            return m;
        }

        if (target.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Null))
        {
            m.Shape = ShapeKind.String;
            return m;
        }

        if (target.TryGetProperty("oneOf", out _) || target.TryGetProperty("anyOf", out _))
        {
            if (!target.TryGetProperty("properties", out _))
            {
                m.IsNestedUnion = true;
                return m;
            }
        }

        m.Shape = type switch
        {
            "string" => ShapeKind.String,
            "integer" => ShapeKind.Integer,
            "number" => ShapeKind.Number,
            "boolean" => ShapeKind.Boolean,
            "array" => ShapeKind.Array,
            "object" => ShapeKind.Object,
            null when target.TryGetProperty("properties", out _) || target.TryGetProperty("allOf", out _) => ShapeKind.Object,
            _ => null,
        };

        if (m.Shape == ShapeKind.Object)
        {
            CollectMembers(target, m.Members, m.Required, 0);
        }

        return m;
    }

    private TypeRef ResolveStringUnion(JsonElement schema, List<Member> members, string hint, string origin, bool reserved)
    {
        var values = new List<(string, string?)>();
        TypeRef? namedEnum = null;
        int namedEnums = 0;
        foreach (var m in members)
        {
            if (m.Component is not null && m.Target.TryGetProperty("enum", out _))
            {
                var r = ResolveComponent(m.Component);
                if (r.Kind == RefKind.Named)
                {
                    namedEnum = r;
                    namedEnums++;
                }
            }

            if (m.Target.TryGetProperty("const", out var c) && c.ValueKind == JsonValueKind.String)
            {
                values.Add((c.GetString()!, Description(m.Target)));
            }
            else if (m.Target.TryGetProperty("enum", out var e))
            {
                foreach (var v in e.EnumerateArray())
                {
                    if (v.ValueKind == JsonValueKind.String)
                    {
                        values.Add((v.GetString()!, null));
                    }
                }
            }
        }

        int withValues = members.Count(m => m.Target.TryGetProperty("const", out _) || m.Target.TryGetProperty("enum", out _));
        if (namedEnums == 1 && withValues == 1)
        {
            // `anyOf: [string, $ref: SomeEnum]` (OpenAI model ids): the extensible enum already accepts any string.
            return namedEnum!;
        }

        if (values.Count == 0)
        {
            return TypeRef.StringRef;
        }

        return BuildEnum(hint, origin, reserved ? origin : null, values, Description(schema));
    }

    private static string? Discriminator(JsonElement schema) =>
        schema.TryGetProperty("discriminator", out var d) && d.ValueKind == JsonValueKind.Object &&
        d.TryGetProperty("propertyName", out var pn) && pn.ValueKind == JsonValueKind.String ? pn.GetString() : null;

    /// <summary>Component name → tags from <c>discriminator.mapping</c>.</summary>
    private static Dictionary<string, List<string>> DiscriminatorMapping(JsonElement schema)
    {
        var mapping = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (schema.TryGetProperty("discriminator", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("mapping", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in map.EnumerateObject())
            {
                var target = p.Value.ValueKind == JsonValueKind.String ? RefName(p.Value.GetString()!) : null;
                if (target is not null)
                {
                    if (!mapping.TryGetValue(target, out var tags))
                    {
                        mapping[target] = tags = new List<string>();
                    }

                    tags.Add(p.Name);
                }
            }
        }

        return mapping;
    }

    /// <summary>The member that tells variants apart: the declared discriminator, or one every variant fixes with a const.</summary>
    private string? FindTag(JsonElement schema, List<Member> members)
    {
        var candidates = new List<string>();
        var declared = Discriminator(schema);
        if (declared is not null)
        {
            candidates.Add(declared);
        }

        candidates.Add("type");
        foreach (var m in members.Where(m => !m.IsNestedUnion))
        {
            foreach (var (json, _) in m.Members)
            {
                if (!candidates.Contains(json))
                {
                    candidates.Add(json);
                }
            }
        }

        var mapping = DiscriminatorMapping(schema);
        foreach (var candidate in candidates)
        {
            if (TryTag(candidate, members, mapping))
            {
                return candidate;
            }
        }

        return null;
    }

    private bool TryTag(string tag, List<Member> members, Dictionary<string, List<string>> mapping)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        int defaults = 0;
        foreach (var m in members)
        {
            if (!ReadTags(m, tag, mapping))
            {
                // A nested union: flattened later if it is tagged on the same member.
                continue;
            }

            if (m.Tags.Count == 0 && !m.TagOptional)
            {
                return false;
            }

            if (m.TagOptional)
            {
                defaults++;
            }

            foreach (var t in m.Tags)
            {
                if (!all.Add(t))
                {
                    return false;
                }
            }
        }

        return defaults <= 1 && all.Count > 0;
    }

    /// <summary>
    /// Like <see cref="TryTag"/>, but a variant whose tag member has no known value, repeats an earlier variant's tag, or is a
    /// second variant without the tag is left out (with the reason) instead of failing the tag; true when some were left out
    /// and at least one tagged variant remains.
    /// </summary>
    private bool TryTagLoosely(string tag, List<Member> members, Dictionary<string, List<string>> mapping, out List<(Member Member, string Why)> dropped)
    {
        dropped = new List<(Member, string)>();
        var all = new HashSet<string>(StringComparer.Ordinal);
        bool hasDefault = false;
        foreach (var m in members)
        {
            if (!ReadTags(m, tag, mapping))
            {
                continue;
            }

            var repeated = m.Tags.FirstOrDefault(all.Contains);
            if (m.Tags.Count == 0 && !m.TagOptional)
            {
                dropped.Add((m, $"gives '{tag}' no const or enum value"));
            }
            else if (repeated is not null)
            {
                dropped.Add((m, $"repeats the tag '{repeated}' of another variant"));
            }
            else if (m.TagOptional && hasDefault)
            {
                dropped.Add((m, $"is a second variant that may lack '{tag}'"));
            }
            else
            {
                hasDefault |= m.TagOptional;
                all.UnionWith(m.Tags);
            }
        }

        return dropped.Count > 0 && all.Count > 0;
    }

    /// <summary>
    /// Sets a variant's tags for tag member <paramref name="tag"/> (the discriminator mapping's, then the member's const or
    /// enum values) and whether it may lack the member; false for a nested union, which has no tags of its own.
    /// </summary>
    private bool ReadTags(Member m, string tag, Dictionary<string, List<string>> mapping)
    {
        m.Tags.Clear();
        m.TagOptional = false;
        if (m.IsNestedUnion)
        {
            return false;
        }

        if (m.Component is not null && mapping.TryGetValue(m.Component, out var mapped))
        {
            m.Tags.AddRange(mapped);
        }

        var prop = m.Members.FirstOrDefault(x => x.Json == tag);
        if (prop.Json is null)
        {
            m.TagOptional = true;
            return true;
        }

        foreach (var v in ConstValues(prop.Schema))
        {
            if (!m.Tags.Contains(v))
            {
                m.Tags.Add(v);
            }
        }

        m.TagOptional = !m.Required.Contains(tag);
        return true;
    }

    private IEnumerable<string> ConstValues(JsonElement schema)
    {
        var target = Deref(schema, out _);
        if (target.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (target.TryGetProperty("const", out var c) && c.ValueKind == JsonValueKind.String)
        {
            yield return c.GetString()!;
        }

        if (target.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in e.EnumerateArray())
            {
                if (v.ValueKind == JsonValueKind.String)
                {
                    yield return v.GetString()!;
                }
            }
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (target.TryGetProperty(keyword, out var members) && members.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in members.EnumerateArray())
                {
                    if (!IsNullSchema(m))
                    {
                        foreach (var v in ConstValues(m))
                        {
                            yield return v;
                        }
                    }
                }
            }
        }
    }

    private TypeRef BuildTaggedUnion(JsonElement schema, List<Member> members, string tag, string hint, string origin, bool reserved)
    {
        var name = ReserveInline("I" + hint, origin);
        var unknown = ReserveInline("Unknown" + hint, origin);
        var builder = new TypeBuilder(name, origin, TypeKind.TaggedUnion)
        {
            Doc = Naming.Doc(Description(schema)),
            TagMember = tag,
            UnknownName = unknown,
        };
        var self = new TypeRef { Kind = RefKind.Named, Name = Qualified(name), IsInterface = true };
        Register(builder);
        if (reserved && _names.TryGetValue(hint, out var owner) && owner == origin && _schemas.TryGetProperty(origin, out _))
        {
            _componentRefs[origin] = self;
        }

        var seenTags = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (var m in members)
        {
            index++;
            if (m.IsNestedUnion)
            {
                var nested = Resolve(m.Schema, hint + "Variant" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), origin + "|" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
                var nestedBuilder = nested.Kind == RefKind.Named ? FindBuilder(nested.Name!) : null;
                if (nestedBuilder is { Kind: TypeKind.TaggedUnion } && nestedBuilder.TagMember == tag)
                {
                    foreach (var v in nestedBuilder.Variants)
                    {
                        if (v.Tags.All(seenTags.Add))
                        {
                            builder.Variants.Add(v);
                            FindBuilder(v.Type.Name!)?.Interfaces.Add(self.Name!);
                        }
                    }
                }
                else
                {
                    Unsupported(origin, $"variant {index} is a union not tagged by '{tag}'", "the unknown variant for it");
                }

                continue;
            }

            var first = m.Tags.Count > 0 ? m.Tags[0] : "Default";
            var type = Resolve(m.Schema, hint + Naming.Pascal(first), origin + "<" + first + ">", null);
            var variantBuilder = type.Kind == RefKind.Named ? FindBuilder(type.Name!) : null;
            if (variantBuilder is null || variantBuilder.Kind != TypeKind.Object)
            {
                Unsupported(origin, $"variant '{first}' is not an object type", "the unknown variant for it");
                continue;
            }

            variantBuilder.Interfaces.Add(self.Name!);
            foreach (var t in m.Tags)
            {
                seenTags.Add(t);
            }

            builder.Variants.Add(new VariantSpec
            {
                Tags = m.Tags.ToEquatableArray(),
                Name = variantBuilder.Name,
                Type = type with { Nullable = false },
                Shape = ShapeKind.Object,
                IsDefault = m.TagOptional,
            });
        }

        return self;
    }

    private TypeBuilder? FindBuilder(string qualifiedName)
    {
        int dot = qualifiedName.LastIndexOf('.');
        return _builders.TryGetValue(qualifiedName.Substring(dot + 1), out var b) ? b : null;
    }

    private TypeRef BuildShapeUnion(JsonElement schema, List<Member> members, string hint, string origin, bool reserved)
    {
        var name = reserved ? hint : ReserveInline(hint, origin);
        var builder = new TypeBuilder(name, origin, TypeKind.ShapeUnion) { Doc = Naming.Doc(Description(schema)) };
        var self = new TypeRef { Kind = RefKind.Named, Name = Qualified(name) };
        Register(builder);
        if (reserved)
        {
            _componentRefs[origin] = self;
        }

        var usedNames = new HashSet<string>(StringComparer.Ordinal) { name };
        var seenShapes = new HashSet<ShapeKind>();
        int index = 0;
        foreach (var m in members)
        {
            index++;
            var type = Resolve(m.Schema, name + ShapeHint(m, index), origin + "|" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
            var shape = m.Shape ?? ShapeOf(type);
            if (shape != ShapeKind.Object && !seenShapes.Add(shape))
            {
                Unsupported(origin, $"two variants have the JSON shape {shape}; reading picks the first", "both variants (writable), the first readable");
            }

            string variantName = type.Kind == RefKind.Named && shape == ShapeKind.Object
                ? type.Name!.Substring(type.Name!.LastIndexOf('.') + 1)
                : shape.ToString();
            if (type.Kind == RefKind.Named && shape == ShapeKind.String)
            {
                variantName = type.Name!.Substring(type.Name!.LastIndexOf('.') + 1);
            }

            if (variantName.StartsWith("I", StringComparison.Ordinal) && FindBuilder(type.Name ?? string.Empty)?.Kind == TypeKind.TaggedUnion)
            {
                variantName = variantName.Substring(1);
            }

            var unique = variantName;
            for (int i = 2; !usedNames.Add(unique) || ReservedMembers.Contains(unique) || unique == "Kind"; i++)
            {
                unique = variantName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            builder.Variants.Add(new VariantSpec
            {
                Tags = EquatableArray<string>.Empty,
                Name = unique,
                Type = type with { Nullable = false },
                Shape = shape,
                RequiredMembers = m.Required.OrderBy(r => r, StringComparer.Ordinal).ToEquatableArray(),
            });
        }

        return self;
    }

    private static string ShapeHint(Member m, int index) => m.Shape switch
    {
        ShapeKind.Array => "Array",
        ShapeKind.String => "String",
        ShapeKind.Object => "Object" + (index > 1 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty),
        _ => "Variant" + index.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private ShapeKind ShapeOf(TypeRef type) => type.Kind switch
    {
        RefKind.String => ShapeKind.String,
        RefKind.Int64 => ShapeKind.Integer,
        RefKind.Double => ShapeKind.Number,
        RefKind.Boolean => ShapeKind.Boolean,
        RefKind.Array => ShapeKind.Array,
        RefKind.Named when type.IsValueType => ShapeKind.String,
        _ => ShapeKind.Object,
    };
}
