namespace Protocols.SpecTool.Specs;

/// <summary>JSON Pointer helpers (RFC 6901) in the URI-fragment form OpenAPI uses (<c>#/a/b</c>).</summary>
internal static class JsonPointer
{
    public const string SchemasPrefix = "#/components/schemas/";

    /// <summary>Appends one reference token, escaping <c>~</c> and <c>/</c>.</summary>
    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Appends an array index.</summary>
    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pointer of a named component schema.</summary>
    public static string ForSchema(string name) => Append("#/components/schemas", name);

    /// <summary>
    /// The component schema name a <c>$ref</c> designates (<c>#/components/schemas/Name</c>), or null
    /// when it points elsewhere (another file, or a pointer into a schema).
    /// </summary>
    public static string? SchemaName(string reference)
    {
        if (!reference.StartsWith(SchemasPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var token = reference[SchemasPrefix.Length..];
        if (token.Length == 0 || token.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        return Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>
    /// The schema a discriminator mapping value designates: a <c>$ref</c>-style pointer or, per
    /// OpenAPI 3.x, a bare schema name.
    /// </summary>
    public static string? MappingTarget(string value) =>
        value.Contains('/', StringComparison.Ordinal) || value.Contains('#', StringComparison.Ordinal) ? SchemaName(value) : value;

    /// <summary>Splits <c>#/a/b~1c</c> into unescaped tokens (<c>a</c>, <c>b/c</c>).</summary>
    public static IReadOnlyList<string> Tokens(string pointer)
    {
        var body = pointer.StartsWith('#') ? pointer[1..] : pointer;
        if (body.Length == 0)
        {
            return [];
        }

        return [.. body.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }
}
