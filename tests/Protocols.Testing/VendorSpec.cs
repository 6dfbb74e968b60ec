using System.Text.Json;

namespace Protocols.Testing;

/// <summary>One member of a union (<c>oneOf</c>/<c>anyOf</c>) of a vendor document.</summary>
/// <param name="SchemaName">The referenced schema, or <see langword="null"/> for an inline member.</param>
/// <param name="Tag">The member's discriminator value (e.g. <c>text</c> for <c>type: "text"</c>), or <see langword="null"/> when it has none.</param>
public sealed record UnionMember(string? SchemaName, string? Tag);

/// <summary>
/// Read-only access to a committed vendor OpenAPI document, for tests that derive their expectations from the
/// spec instead of hard-coding them (e.g. "every member of this union has a corpus file").
/// Backed by an immutable <see cref="JsonDocument"/>, so it is safe to share between parallel tests.
/// </summary>
public sealed class VendorSpec
{
    private const string ComponentsPrefix = "#/components/schemas/";

    private static readonly Lazy<VendorSpec> LazyAnthropic = new(() => Load("anthropic"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<VendorSpec> LazyOpenAI = new(() => Load("openai"), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly JsonDocument _document;

    private VendorSpec(string vendor, JsonDocument document)
    {
        Vendor = vendor;
        _document = document;
    }

    /// <summary>The committed Anthropic document.</summary>
    public static VendorSpec Anthropic => LazyAnthropic.Value;

    /// <summary>The committed OpenAI document.</summary>
    public static VendorSpec OpenAI => LazyOpenAI.Value;

    /// <summary>The vendor folder name.</summary>
    public string Vendor { get; }

    /// <summary>The whole document.</summary>
    public JsonElement Document => _document.RootElement;

    /// <summary>The document of a vendor by folder name.</summary>
    /// <param name="vendor"><c>anthropic</c> or <c>openai</c>.</param>
    /// <returns>The shared instance.</returns>
    public static VendorSpec ForVendor(string vendor) => vendor?.ToLowerInvariant() switch
    {
        "anthropic" => Anthropic,
        "openai" => OpenAI,
        _ => throw new ArgumentException($"Unknown vendor '{vendor}': expected 'anthropic' or 'openai'.", nameof(vendor)),
    };

    /// <summary>Whether <c>components.schemas</c> has that name.</summary>
    /// <param name="name">A schema name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasSchema(string name) => Schemas.TryGetProperty(name, out _);

    /// <summary>A schema of <c>components.schemas</c>.</summary>
    /// <param name="name">A schema name.</param>
    /// <returns>The schema element.</returns>
    /// <exception cref="KeyNotFoundException">No such schema.</exception>
    public JsonElement Schema(string name) =>
        Schemas.TryGetProperty(name, out var schema)
            ? schema
            : throw new KeyNotFoundException($"The {Vendor} document has no schema named '{name}'.");

    /// <summary>
    /// The members of the union found at <paramref name="path"/> inside schema <paramref name="schemaName"/>
    /// (following <c>$ref</c>s at every step), with each member's tag.
    /// </summary>
    /// <param name="schemaName">The schema to start from.</param>
    /// <param name="path">Keys to walk, e.g. <c>"properties", "delta"</c> (array indexes as digits, e.g. <c>"anyOf", "0"</c>); empty for the schema itself.</param>
    /// <returns>The members in document order.</returns>
    /// <exception cref="InvalidOperationException">The target has no <c>oneOf</c>/<c>anyOf</c>.</exception>
    public IReadOnlyList<UnionMember> UnionMembers(string schemaName, params string[] path)
    {
        var node = Resolve(Schema(schemaName));
        foreach (var key in path)
        {
            node = Resolve(node.ValueKind == JsonValueKind.Array
                ? node[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)]
                : node.GetProperty(key));
        }

        if (!node.TryGetProperty("oneOf", out var members) && !node.TryGetProperty("anyOf", out members))
        {
            throw new InvalidOperationException($"{schemaName}/{string.Join('/', path)} is not a union.");
        }

        var tagProperty = node.TryGetProperty("discriminator", out var discriminator)
                          && discriminator.TryGetProperty("propertyName", out var propertyName)
            ? propertyName.GetString() ?? "type"
            : "type";

        var result = new List<UnionMember>();
        foreach (var member in members.EnumerateArray())
        {
            string? name = null;
            if (member.TryGetProperty("$ref", out var reference) && reference.GetString() is { } text
                && text.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
            {
                name = text[ComponentsPrefix.Length..];
            }

            result.Add(new UnionMember(name, TagOf(Resolve(member), tagProperty)));
        }

        return result;
    }

    /// <summary>The tags of the union at <paramref name="path"/> inside <paramref name="schemaName"/> (members without a tag are skipped).</summary>
    /// <param name="schemaName">The schema to start from.</param>
    /// <param name="path">Keys to walk; empty for the schema itself.</param>
    /// <returns>The distinct tags, in document order.</returns>
    public IReadOnlyList<string> UnionTags(string schemaName, params string[] path) =>
        [.. UnionMembers(schemaName, path).Select(m => m.Tag).OfType<string>().Distinct(StringComparer.Ordinal)];

    private JsonElement Schemas => _document.RootElement.GetProperty("components").GetProperty("schemas");

    private static VendorSpec Load(string vendor)
    {
        using var stream = File.OpenRead(RepoPaths.SpecPath(vendor));
        return new VendorSpec(vendor, JsonDocument.Parse(stream));
    }

    private JsonElement Resolve(JsonElement node)
    {
        for (var depth = 0; depth < 32 && node.ValueKind == JsonValueKind.Object; depth++)
        {
            if (!node.TryGetProperty("$ref", out var reference) || reference.GetString() is not { } text
                || !text.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
            {
                return node;
            }

            node = Schema(text[ComponentsPrefix.Length..]);
        }

        return node;
    }

    private static string? TagOf(JsonElement member, string tagProperty)
    {
        if (member.ValueKind != JsonValueKind.Object
            || !member.TryGetProperty("properties", out var properties)
            || !properties.TryGetProperty(tagProperty, out var tag))
        {
            return null;
        }

        if (tag.TryGetProperty("const", out var constant) && constant.ValueKind == JsonValueKind.String)
        {
            return constant.GetString();
        }

        if (tag.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() >= 1)
        {
            return values[0].GetString();
        }

        return null;
    }
}
