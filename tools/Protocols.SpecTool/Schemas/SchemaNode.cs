using System.Text.Json;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Schemas;

/// <summary>A schema JSON value together with its JSON Pointer in the document.</summary>
internal readonly record struct SchemaNode(JsonElement Element, string Pointer)
{
    /// <summary>The node of a named component schema.</summary>
    public static SchemaNode Named(JsonElement element, string name) => new(element, JsonPointer.ForSchema(name));

    /// <summary>Whether the value is a JSON object (a schema; <c>true</c>/<c>false</c> schemas are not walked).</summary>
    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    /// <summary>A child object property, when present.</summary>
    public bool TryGet(string keyword, out SchemaNode child)
    {
        if (IsObject && Element.TryGetProperty(keyword, out var value))
        {
            child = new SchemaNode(value, JsonPointer.Append(Pointer, keyword));
            return true;
        }

        child = default;
        return false;
    }

    /// <summary>The items of an array-valued keyword (<c>oneOf</c>, <c>allOf</c>...), empty when absent.</summary>
    public IEnumerable<SchemaNode> Items(string keyword)
    {
        if (TryGet(keyword, out var array) && array.Element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in array.Element.EnumerateArray())
            {
                yield return new SchemaNode(item, JsonPointer.Append(array.Pointer, i++));
            }
        }
    }

    /// <summary>The members of an object-valued keyword (<c>properties</c>...), empty when absent.</summary>
    public IEnumerable<(string Name, SchemaNode Node)> Members(string keyword)
    {
        if (TryGet(keyword, out var map) && map.Element.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in map.Element.EnumerateObject())
            {
                yield return (member.Name, new SchemaNode(member.Value, JsonPointer.Append(map.Pointer, member.Name)));
            }
        }
    }

    /// <summary>A string-valued keyword, when present.</summary>
    public string? String(string keyword) =>
        IsObject && Element.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
