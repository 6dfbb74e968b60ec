using System.Text.Json;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Schemas;

/// <summary>
/// The set of component schemas reachable through <c>$ref</c> from the roots: what the generator
/// turns into types. Computed from the roots only (never from paths), so schemas no path reaches,
/// like Anthropic's <c>MessageStreamEvent</c>, are kept; a visited set makes recursion terminate.
/// </summary>
/// <remarks>
/// Each schema also gets a <see cref="Direction"/>, the union of its roots' directions. A root's
/// direction comes from where the paths mention it: under a <c>requestBody</c> it is a request,
/// under <c>responses</c> a response; a root no operation mentions (a stream event union) is treated
/// as a response, since the only other way a schema reaches a client is from the server.
/// </remarks>
internal sealed class SchemaClosure
{
    private SchemaClosure(
        IReadOnlyList<RootClosure> roots,
        IReadOnlyDictionary<string, Direction> schemas,
        IReadOnlyList<UnresolvedRef> unresolved,
        bool rootsFromSettings,
        IReadOnlyDictionary<string, IReadOnlyList<string>> edges)
    {
        Roots = roots;
        Schemas = schemas;
        Unresolved = unresolved;
        RootsFromSettings = rootsFromSettings;
        Edges = edges;
    }

    /// <summary>The roots, in settings order, with their closure sizes.</summary>
    public IReadOnlyList<RootClosure> Roots { get; }

    /// <summary>Every schema of the closure with its direction.</summary>
    public IReadOnlyDictionary<string, Direction> Schemas { get; }

    /// <summary><c>$ref</c>s inside the closure that point to no component schema.</summary>
    public IReadOnlyList<UnresolvedRef> Unresolved { get; }

    /// <summary>False when no settings named roots and every component schema was taken as a root.</summary>
    public bool RootsFromSettings { get; }

    /// <summary>Roots named in the settings but absent from the document.</summary>
    public IEnumerable<string> MissingRoots => Roots.Where(r => !r.Found).Select(r => r.Name);

    /// <summary>Direct component references of each closure schema.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Edges { get; }

    /// <summary>Whether a schema belongs to the closure.</summary>
    public bool Contains(string name) => Schemas.ContainsKey(name);

    /// <summary>Computes the closure of <paramref name="roots"/>, or of every component schema when null.</summary>
    public static SchemaClosure Compute(SpecDocument document, IReadOnlyList<string>? roots)
    {
        var rootsFromSettings = roots is not null;
        var rootNames = roots ?? [.. document.Schemas.Keys];
        var (requestRefs, responseRefs) = OperationRefs(document.Root);

        var edges = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var unresolved = new List<UnresolvedRef>();
        var schemas = new Dictionary<string, Direction>(StringComparer.Ordinal);
        var rootList = new List<RootClosure>();
        foreach (var root in rootNames.Distinct(StringComparer.Ordinal))
        {
            if (!document.HasSchema(root))
            {
                rootList.Add(new RootClosure(root, false, Direction.None, 0));
                continue;
            }

            var direction = (requestRefs.Contains(root) ? Direction.Request : Direction.None)
                | (responseRefs.Contains(root) ? Direction.Response : Direction.None);
            if (direction == Direction.None)
            {
                direction = Direction.Response;
            }

            var size = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal) { root };
            var queue = new Queue<string>([root]);
            while (queue.TryDequeue(out var name))
            {
                size++;
                schemas[name] = schemas.GetValueOrDefault(name) | direction;
                foreach (var next in EdgesOf(name))
                {
                    if (seen.Add(next))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            rootList.Add(new RootClosure(root, true, direction, size));
        }

        return new SchemaClosure(rootList, schemas, unresolved, rootsFromSettings, edges);

        IReadOnlyList<string> EdgesOf(string name)
        {
            if (edges.TryGetValue(name, out var known))
            {
                return known;
            }

            var targets = new List<string>();
            foreach (var reference in SchemaRefs.Collect(document.Schemas[name]))
            {
                var target = JsonPointer.SchemaName(reference);
                if (target is not null && document.HasSchema(target))
                {
                    if (!targets.Contains(target, StringComparer.Ordinal))
                    {
                        targets.Add(target);
                    }
                }
                else if (target is not null || !reference.StartsWith("#/", StringComparison.Ordinal))
                {
                    // A missing component, or a reference into another file: nothing to generate from.
                    unresolved.Add(new UnresolvedRef(name, reference));
                }

                // Otherwise a pointer into a schema (#/components/schemas/X/properties/y): it stays
                // inside a schema that is walked anyway.
            }

            edges[name] = targets;
            return targets;
        }
    }

    /// <summary>Schema names <c>$ref</c>'d under request bodies and under responses of every operation.</summary>
    private static (HashSet<string> Request, HashSet<string> Response) OperationRefs(JsonElement root)
    {
        var request = new HashSet<string>(StringComparer.Ordinal);
        var response = new HashSet<string>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
        {
            return (request, response);
        }

        var components = root.TryGetProperty("components", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        foreach (var path in paths.EnumerateObject())
        {
            if (path.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    AddNames(body, request);
                }

                if (operation.Value.TryGetProperty("responses", out var responses))
                {
                    AddNames(responses, response);
                }
            }
        }

        return (request, response);

        // Refs found under an operation, following #/components/requestBodies|responses/X indirections.
        void AddNames(JsonElement value, HashSet<string> names)
        {
            var refs = new List<string>();
            SchemaRefs.CollectAnywhere(value, refs);
            var visited = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < refs.Count; i++)
            {
                var reference = refs[i];
                if (JsonPointer.SchemaName(reference) is { } name && reference.StartsWith('#'))
                {
                    names.Add(name);
                }
                else if (visited.Add(reference) && components.ValueKind == JsonValueKind.Object && ResolveComponent(components, reference) is { } target)
                {
                    SchemaRefs.CollectAnywhere(target, refs);
                }
            }
        }
    }

    private static JsonElement? ResolveComponent(JsonElement components, string reference)
    {
        const string prefix = "#/components/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var tokens = JsonPointer.Tokens(reference);
        var current = components;
        foreach (var token in tokens.Skip(1))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(token, out current))
            {
                return null;
            }
        }

        return current;
    }
}

/// <summary>One root of the closure.</summary>
/// <param name="Name">The schema name from the settings.</param>
/// <param name="Found">Whether the document defines it.</param>
/// <param name="Direction">Request, response or both (see <see cref="SchemaClosure"/>).</param>
/// <param name="Size">Number of schemas in this root's closure, itself included.</param>
internal sealed record RootClosure(string Name, bool Found, Direction Direction, int Size);

/// <summary>A <c>$ref</c> inside the closure that designates no component schema.</summary>
internal sealed record UnresolvedRef(string FromSchema, string Reference);
