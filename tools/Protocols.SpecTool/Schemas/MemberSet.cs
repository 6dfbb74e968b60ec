using System.Text.Json;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Schemas;

/// <summary>
/// The effective members (properties) of an object schema, with <c>allOf</c> flattened the way a
/// generator flattens it: own <c>properties</c>, plus those of every <c>allOf</c> part, inline or
/// <c>$ref</c>'d (recursively, each schema once). Each member remembers its <see cref="Member.Origin"/>:
/// empty when declared inline, else the directly composed base schema it comes from, so that a change
/// inside a base is reported once, at the base, not again at every schema composing it.
/// </summary>
internal sealed class MemberSet
{
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, HashSet<string>> _requiredBy = new(StringComparer.Ordinal);
    private readonly HashSet<string> _bases = new(StringComparer.Ordinal);

    /// <summary>Members in declaration order.</summary>
    public IEnumerable<Member> Members => _order.Select(name => _members[name]);

    /// <summary>The component schemas composed directly through <c>allOf</c>.</summary>
    public IReadOnlySet<string> Bases => _bases;

    /// <summary>Collects the members of <paramref name="node"/>, resolving <c>allOf</c> references in <paramref name="document"/>.</summary>
    public static MemberSet Collect(SchemaNode node, SpecDocument document)
    {
        var set = new MemberSet();
        set.Add(node, origin: "", document, new HashSet<string>(StringComparer.Ordinal));
        return set;
    }

    /// <summary>The member called <paramref name="name"/>, when present.</summary>
    public Member? Find(string name) => _members.GetValueOrDefault(name);

    /// <summary>Whether any part lists the member in <c>required</c>.</summary>
    public bool IsRequired(string name) => _requiredBy.TryGetValue(name, out var by) && by.Count > 0;

    /// <summary>Whether the part with origin <paramref name="origin"/> lists the member in <c>required</c>.</summary>
    public bool IsRequiredBy(string name, string origin) => _requiredBy.TryGetValue(name, out var by) && by.Contains(origin);

    private void Add(SchemaNode node, string origin, SpecDocument document, HashSet<string> visited)
    {
        if (!node.IsObject)
        {
            return;
        }

        foreach (var (name, member) in node.Members("properties"))
        {
            if (_members.TryAdd(name, new Member(name, member, origin)))
            {
                _order.Add(name);
            }
        }

        if (node.TryGet("required", out var required) && required.Element.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.Element.EnumerateArray())
            {
                if (name.ValueKind == JsonValueKind.String)
                {
                    if (!_requiredBy.TryGetValue(name.GetString()!, out var by))
                    {
                        _requiredBy[name.GetString()!] = by = new HashSet<string>(StringComparer.Ordinal);
                    }

                    by.Add(origin);
                }
            }
        }

        foreach (var part in node.Items("allOf"))
        {
            var reference = part.String("$ref");
            if (reference is null)
            {
                Add(part, origin, document, visited);
            }
            else if (JsonPointer.SchemaName(reference) is { } baseName && document.Schemas.TryGetValue(baseName, out var baseSchema) && visited.Add(baseName))
            {
                if (origin.Length == 0)
                {
                    _bases.Add(baseName);
                }

                Add(SchemaNode.Named(baseSchema, baseName), origin.Length == 0 ? baseName : origin, document, visited);
            }
        }
    }
}

/// <summary>One effective member of an object schema.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Node">Its schema.</param>
/// <param name="Origin">Empty when declared inline; else the base schema (composed through <c>allOf</c>) it comes from.</param>
internal sealed record Member(string Name, SchemaNode Node, string Origin);
