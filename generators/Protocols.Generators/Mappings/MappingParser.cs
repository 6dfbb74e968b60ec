using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using Protocols.Generators.Model;
using Protocols.Generators.Parsing;

namespace Protocols.Generators.Mappings;

/// <summary>
/// Reads <c>mappings.json</c>: which source type maps to which target type, and which unions and enums
/// each mapping must handle case by case. Schemas are named <c>vendor:SchemaName</c> (a component) or
/// <c>vendor:type:CSharpName</c> (an inline schema's generated type).
/// </summary>
internal static class MappingParser
{
    public const string FileName = "mappings.json";

    public static MappingModel Parse(string path, string? text, ImmutableArray<VendorModel> vendors)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var mappings = new List<MappingSpec>();
        if (text is null)
        {
            return Fail(path, "the file cannot be read");
        }

        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!doc.RootElement.TryGetProperty("mappings", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return Fail(path, "expected an object with a 'mappings' array");
            }

            foreach (var m in list.EnumerateArray())
            {
                var spec = ParseMapping(path, text, m, vendors, diagnostics);
                if (spec is not null)
                {
                    mappings.Add(spec);
                }
            }
        }
        catch (JsonException e)
        {
            return Fail(path, $"malformed JSON at line {(e.LineNumber ?? 0) + 1}");
        }

        return new MappingModel(mappings.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static MappingModel Fail(string path, string reason) =>
        new(EquatableArray<MappingSpec>.Empty, new[] { new DiagnosticInfo("PROTO011", new LocationInfo(path, 0, 0, 0, 0), new[] { path, reason }.ToEquatableArray()) }.ToEquatableArray());

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static MappingSpec? ParseMapping(string path, string text, JsonElement m, ImmutableArray<VendorModel> vendors, List<DiagnosticInfo> diagnostics)
    {
        var name = Str(m, "name");
        var cls = Str(m, "class");
        var method = Str(m, "method");
        var source = Str(m, "source");
        var target = Str(m, "target");
        if (name is null || cls is null || method is null || source is null || target is null)
        {
            diagnostics.Add(new DiagnosticInfo("PROTO011", Locate(path, text, name ?? "mappings"), new[] { path, $"mapping '{name ?? "?"}' needs 'name', 'class', 'method', 'source' and 'target'" }.ToEquatableArray()));
            return null;
        }

        var sourceType = ResolveType(path, text, name, source, vendors, diagnostics)?.Type;
        var targetType = ResolveType(path, text, name, target, vendors, diagnostics)?.Type;
        var handles = new List<HandleSpec>();
        if (m.TryGetProperty("handles", out var hs) && hs.ValueKind == JsonValueKind.Array)
        {
            foreach (var h in hs.EnumerateArray())
            {
                var schema = Str(h, "schema");
                if (schema is null)
                {
                    continue;
                }

                var resolved = ResolveType(path, text, name, schema, vendors, diagnostics);
                if (resolved is null)
                {
                    continue;
                }

                var (type, spec) = resolved.Value;
                if (spec is null || spec.Kind == TypeKind.Object)
                {
                    diagnostics.Add(new DiagnosticInfo("PROTO012", Locate(path, text, schema), new[] { name, schema, spec is null ? "primitive" : "object" }.ToEquatableArray()));
                    continue;
                }

                var handleName = Str(h, "name") ?? Naming.Pascal(spec.Name.StartsWith("I", StringComparison.Ordinal) && spec.Kind == TypeKind.TaggedUnion ? spec.Name.Substring(1) : spec.Name);
                var cases = spec.Kind switch
                {
                    TypeKind.TaggedUnion => spec.Variants.Select(v => new CaseSpec(string.Empty, v.Type.Name, null)),
                    TypeKind.ShapeUnion => spec.Variants.Select(v => new CaseSpec(v.Name, Emit.Code.Type(v.Type), v.Name)),
                    _ => spec.Values.Select(v => new CaseSpec(v.CsName, null, v.Value)),
                };
                handles.Add(new HandleSpec
                {
                    Name = handleName,
                    Type = type.Name!,
                    Kind = spec.Kind,
                    Returns = Str(h, "returns") ?? "void",
                    Cases = cases.ToEquatableArray(),
                    UnknownType = spec.UnknownName is null ? null : "global::" + spec.Namespace + "." + spec.UnknownName,
                });
            }
        }

        if (sourceType is null || targetType is null)
        {
            return null;
        }

        int dot = cls.LastIndexOf('.');
        return new MappingSpec
        {
            Name = name,
            Namespace = dot > 0 ? cls.Substring(0, dot) : string.Empty,
            ClassName = dot > 0 ? cls.Substring(dot + 1) : cls,
            Method = method,
            IsStatic = !(m.TryGetProperty("static", out var st) && st.ValueKind == JsonValueKind.False),
            Emits = m.TryGetProperty("emits", out var em) && em.ValueKind == JsonValueKind.True,
            SourceType = Code(sourceType),
            TargetType = Code(targetType),
            ContextType = Str(m, "context") is { } ctx ? "global::" + ctx : null,
            Doc = Naming.Doc(Str(m, "description")),
            Handles = handles.ToEquatableArray(),
        };
    }

    private static string Code(TypeRef type) => Emit.Code.Type(type);

    private static (TypeRef Type, TypeSpec? Spec)? ResolveType(string path, string text, string mapping, string reference, ImmutableArray<VendorModel> vendors, List<DiagnosticInfo> diagnostics)
    {
        var parts = reference.Split(':');
        var vendorName = parts[0];
        var vendor = vendors.FirstOrDefault(v => string.Equals(v.Settings.Vendor, vendorName, StringComparison.OrdinalIgnoreCase));
        if (vendor is null || parts.Length < 2)
        {
            diagnostics.Add(new DiagnosticInfo("PROTO013", Locate(path, text, reference), new[] { mapping, vendorName }.ToEquatableArray()));
            return null;
        }

        TypeRef? type = null;
        if (parts.Length == 3 && parts[1] == "type")
        {
            var spec = vendor.Types.FirstOrDefault(t => t.Name == parts[2]);
            if (spec is not null)
            {
                type = new TypeRef { Kind = RefKind.Named, Name = "global::" + spec.Namespace + "." + spec.Name, IsValueType = spec.Kind == TypeKind.Enum };
            }
        }
        else
        {
            type = vendor.Schemas.FirstOrDefault(s => s.SchemaName == parts[1])?.Type;
        }

        if (type is null && vendor.Unreadable)
        {
            // PROTO001 already says the document cannot be read; claiming each mapped schema is gone would be false.
            return null;
        }

        if (type is null)
        {
            diagnostics.Add(new DiagnosticInfo("PROTO010", Locate(path, text, reference), new[] { mapping, reference, vendor.SpecPath }.ToEquatableArray()));
            return null;
        }

        var typeSpec = type.Kind == RefKind.Named ? vendor.Types.FirstOrDefault(t => "global::" + t.Namespace + "." + t.Name == type.Name) : null;
        return (type with { Nullable = false }, typeSpec);
    }

    private static LocationInfo Locate(string path, string text, string needle)
    {
        int at = text.IndexOf(needle, StringComparison.Ordinal);
        if (at < 0)
        {
            return new LocationInfo(path, 0, 0, 0, 0);
        }

        int line = 0, start = 0;
        for (int i = 0; i < at; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                start = i + 1;
            }
        }

        return new LocationInfo(path, line, at - start, line, at - start + needle.Length);
    }
}
