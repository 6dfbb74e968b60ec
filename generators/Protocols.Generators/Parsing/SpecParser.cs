using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Protocols.Generators.Model;

namespace Protocols.Generators.Parsing;

// Why System.Text.Json and not Microsoft.OpenApi inside the generator: the generator needs only
// components.schemas and must see the documents *as written* (3.0-style `nullable` in 3.1 files,
// `const` tags, discriminators without mapping), which Microsoft.OpenApi normalises or reports as
// errors; STJ ships with the compiler, so the generator carries no dependency that the compiler must
// load (DOTNET-NOTES pitfall 2), and JsonDocument parses the 3.3 MB OpenAI file in ~20 ms.
// The spec tool (tools/Protocols.SpecTool) uses Microsoft.OpenApi for validation.

/// <summary>Turns one vendor document plus its settings into the equatable model of every type to emit.</summary>
internal sealed partial class SpecParser
{
    private static readonly HashSet<string> ReservedMembers = new(StringComparer.Ordinal)
    {
        "ReadFrom", "WriteTo", "AdditionalProperties", "IsExplicitNull", "SetExplicitNull", "GetType", "ToString",
        "Equals", "GetHashCode", "MemberwiseClone", "Finalize",
    };

    private readonly VendorSettings _settings;
    private readonly string _specPath;
    private readonly string _text;
    private readonly JsonElement _schemas;
    private readonly Dictionary<string, TypeRef> _componentRefs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeBuilder> _builders = new(StringComparer.Ordinal);
    private readonly List<TypeBuilder> _order = new();
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _componentNames = new(StringComparer.Ordinal);
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private SpecParser(VendorSettings settings, string specPath, string text, JsonElement schemas)
    {
        _settings = settings;
        _specPath = specPath;
        _text = text;
        _schemas = schemas;
    }

    /// <summary>Parses a document; unreadable documents yield a model with no types and a PROTO001 diagnostic.</summary>
    public static VendorModel Parse(VendorSettings settings, string specPath, string? text)
    {
        if (text is null)
        {
            return Failed(settings, specPath, "the file cannot be read");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var col = CharColumn(text, line, (int)(e.BytePositionInLine ?? 0));
            return Failed(settings, specPath, $"malformed JSON at line {line + 1}, column {col + 1}", new LocationInfo(specPath, line, col, line, col + 1));
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("components", out var components) ||
                !components.TryGetProperty("schemas", out var schemas) ||
                schemas.ValueKind != JsonValueKind.Object)
            {
                return Failed(settings, specPath, "it has no components.schemas object");
            }

            var parser = new SpecParser(settings, specPath, text, schemas);
            return parser.Run();
        }
    }

    /// <summary>The UTF-16 column of a UTF-8 byte offset within line <paramref name="line"/> (0-based) of <paramref name="text"/>.</summary>
    private static int CharColumn(string text, int line, int bytes)
    {
        int start = 0;
        for (int l = 0; l < line && start < text.Length; l++)
        {
            int next = text.IndexOf('\n', start);
            start = next < 0 ? text.Length : next + 1;
        }

        int end = text.IndexOf('\n', start);
        var lineBytes = Encoding.UTF8.GetBytes(text.Substring(start, (end < 0 ? text.Length : end) - start));
        return Encoding.UTF8.GetCharCount(lineBytes, 0, Math.Min(bytes, lineBytes.Length));
    }

    private static VendorModel Failed(VendorSettings settings, string specPath, string reason, LocationInfo? location = null) => new()
    {
        Settings = settings,
        SpecPath = specPath,
        Unreadable = true,
        Types = EquatableArray<TypeSpec>.Empty,
        Schemas = EquatableArray<SchemaEntry>.Empty,
        Diagnostics = new[] { new DiagnosticInfo("PROTO001", location ?? new LocationInfo(specPath, 0, 0, 0, 0), new[] { specPath, reason }.ToEquatableArray()) }.ToEquatableArray(),
    };

    private VendorModel Run()
    {
        var roots = new List<string>();
        if (_settings.AllSchemasAsRoots)
        {
            foreach (var p in _schemas.EnumerateObject())
            {
                roots.Add(p.Name);
            }
        }
        else
        {
            foreach (var root in _settings.Roots)
            {
                if (_schemas.TryGetProperty(root, out _))
                {
                    roots.Add(root);
                }
                else
                {
                    _diagnostics.Add(new DiagnosticInfo("PROTO002", new LocationInfo(_settings.SettingsPath, 0, 0, 0, 0), new[] { root, _settings.SettingsPath, _specPath }.ToEquatableArray()));
                }
            }
        }

        // The vendor's JSON class shares the namespace: a schema of the same name is a collision like any other.
        _names[_settings.JsonClass] = "jsonClass in " + _settings.SettingsPath;

        // Reserve every component's C# name before any inline type can take it.
        foreach (var name in Closure(roots))
        {
            var csName = Naming.Pascal(name);
            if (_names.TryGetValue(csName, out var owner))
            {
                var alt = Unique(csName);
                _diagnostics.Add(new DiagnosticInfo("PROTO004", LocateSchema(name), new[] { name, csName, owner, alt }.ToEquatableArray()));
                csName = alt;
            }

            _names[csName] = name;
            _componentNames[name] = csName;
        }

        var entries = new List<SchemaEntry>();
        foreach (var root in roots)
        {
            entries.Add(new SchemaEntry(root, ResolveComponent(root)));
        }

        foreach (var pair in _componentRefs)
        {
            if (!roots.Contains(pair.Key))
            {
                entries.Add(new SchemaEntry(pair.Key, pair.Value));
            }
        }

        // Type names differing only by case ("Foo", "FOO") are distinct in C#, but AddSource hint names are not.
        var hints = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { _settings.JsonClass };
        return new VendorModel
        {
            Settings = _settings,
            SpecPath = _specPath,
            Types = _order.Select(b => b.Build(_settings, HintName(hints, b.Name))).ToEquatableArray(),
            Schemas = entries.OrderBy(e => e.SchemaName, StringComparer.Ordinal).ToEquatableArray(),
            Diagnostics = _diagnostics.ToEquatableArray(),
        };
    }

    /// <summary>Names of every component reachable from the roots through <c>$ref</c>.</summary>
    private List<string> Closure(List<string> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        var stack = new Stack<string>(Enumerable.Reverse(roots));
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (!seen.Add(name) || !_schemas.TryGetProperty(name, out var schema))
            {
                continue;
            }

            order.Add(name);
            var refs = new List<string>();
            CollectRefs(schema, refs);
            for (int i = refs.Count - 1; i >= 0; i--)
            {
                stack.Push(refs[i]);
            }
        }

        return order;
    }

    private static void CollectRefs(JsonElement e, List<string> refs)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.NameEquals("$ref") && p.Value.ValueKind == JsonValueKind.String)
                {
                    var name = RefName(p.Value.GetString()!);
                    if (name is not null)
                    {
                        refs.Add(name);
                    }
                }
                else if (!p.NameEquals("examples") && !p.NameEquals("example"))
                {
                    CollectRefs(p.Value, refs);
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                CollectRefs(item, refs);
            }
        }
    }

    private static string? RefName(string reference)
    {
        const string Prefix = "#/components/schemas/";
        return reference.StartsWith(Prefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(reference.Substring(Prefix.Length)) : null;
    }

    private static string HintName(HashSet<string> used, string name)
    {
        var hint = name;
        for (int i = 2; !used.Add(hint); i++)
        {
            hint = name + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return hint;
    }

    private string Unique(string desired)
    {
        if (!_names.ContainsKey(desired))
        {
            return desired;
        }

        for (int i = 2; ; i++)
        {
            var candidate = desired + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!_names.ContainsKey(candidate))
            {
                return candidate;
            }
        }
    }

    private string ReserveInline(string desired, string origin)
    {
        var name = Unique(desired);
        _names[name] = origin;
        return name;
    }

    private string Qualified(string csName) => "global::" + _settings.Namespace + "." + csName;

    private void Unsupported(string origin, string what, string emitted)
    {
        _diagnostics.Add(new DiagnosticInfo("PROTO003", LocateSchema(ComponentOf(origin)), new[] { origin, what, emitted }.ToEquatableArray()));
    }

    /// <summary>PROTO007: <paramref name="origin"/> (<c>Schema.member…</c>) refers to a schema the document lacks; located at the member when it is a plain property.</summary>
    private void MissingRef(string origin, string missing)
    {
        var component = ComponentOf(origin);
        string? member = null;
        if (origin.Length > component.Length + 1 && origin[component.Length] == '.')
        {
            var rest = origin.Substring(component.Length + 1);
            int end = rest.IndexOfAny(OriginDelimiters);
            member = end < 0 ? rest : rest.Substring(0, end);
        }

        _diagnostics.Add(new DiagnosticInfo("PROTO007", LocateSchema(component, member), new[] { origin, missing }.ToEquatableArray()));
    }
}
