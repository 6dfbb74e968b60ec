using System.Text.Json;

namespace Protocols.SpecTool.Specs;

/// <summary>
/// A vendor OpenAPI document as raw JSON: its bytes, its DOM and its component schemas by name.
/// </summary>
/// <remarks>
/// The closure and the diff walk this <see cref="JsonDocument"/> rather than Microsoft.OpenApi's
/// object model on purpose: the object model normalizes exactly what a diff must see (3.0
/// <c>nullable</c>, <c>type: [X, "null"]</c> and <c>anyOf [X, null]</c> all become one Null flag;
/// <c>const</c> and one-value enums look alike; <c>$ref</c>s are resolved into shared objects, which
/// loses the identity of inline schemas), and it offers no JSON Pointer back to the source. The raw
/// JSON keeps every spelling, so equivalences are decided here, explicitly (see <c>SchemaView</c>).
/// </remarks>
internal sealed class SpecDocument : IDisposable
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 1024 };

    private SpecDocument(string path, byte[] bytes, JsonDocument json)
    {
        Path = path;
        Bytes = bytes;
        Json = json;
        var schemas = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (json.RootElement.ValueKind == JsonValueKind.Object
            && json.RootElement.TryGetProperty("components", out var components)
            && components.ValueKind == JsonValueKind.Object
            && components.TryGetProperty("schemas", out var section)
            && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var schema in section.EnumerateObject())
            {
                schemas[schema.Name] = schema.Value;
            }
        }

        Schemas = schemas;
    }

    /// <summary>The file the document was read from (as given).</summary>
    public string Path { get; }

    /// <summary>The file's bytes, exactly as read.</summary>
    public byte[] Bytes { get; }

    /// <summary>The parsed JSON.</summary>
    public JsonDocument Json { get; }

    /// <summary>The root JSON value.</summary>
    public JsonElement Root => Json.RootElement;

    /// <summary><c>components.schemas</c> by name (empty when absent).</summary>
    public IReadOnlyDictionary<string, JsonElement> Schemas { get; }

    /// <summary>The <c>openapi</c> version string, when present.</summary>
    public string? OpenApiVersion =>
        Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty("openapi", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Reads and parses a file.</summary>
    /// <param name="path">The path as the user gave it (used in messages and reports).</param>
    /// <param name="currentDirectory">The directory a relative <paramref name="path"/> is relative to (default: the process's).</param>
    /// <exception cref="SpecToolException">The file cannot be read, or is not valid JSON (message carries <c>file:line:column</c>).</exception>
    public static SpecDocument Load(string path, string? currentDirectory = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(currentDirectory is null ? path : System.IO.Path.GetFullPath(path, currentDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SpecToolException($"{path}: error: cannot read the file: {e.Message}");
        }

        return Parse(path, bytes);
    }

    /// <summary>Parses bytes already read from <paramref name="path"/>.</summary>
    /// <exception cref="SpecToolException">Not valid JSON (message carries <c>file:line:column</c>).</exception>
    public static SpecDocument Parse(string path, byte[] bytes)
    {
        var body = Utf8Body(bytes);
        try
        {
            return new SpecDocument(path, bytes, JsonDocument.Parse(body, ParseOptions));
        }
        catch (JsonException e)
        {
            var position = new JsonText(body.ToArray()).At(e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            throw new SpecToolException($"{path}:{position.Line}:{position.Column}: error: invalid JSON: {TrimPosition(e.Message)}");
        }
    }

    /// <summary>The bytes without a UTF-8 byte order mark (which <see cref="JsonDocument"/> rejects on spans).</summary>
    public static ReadOnlyMemory<byte> Utf8Body(byte[] bytes) =>
        bytes.AsMemory(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0);

    /// <summary>Whether a component schema exists.</summary>
    public bool HasSchema(string name) => Schemas.ContainsKey(name);

    /// <inheritdoc/>
    public void Dispose() => Json.Dispose();

    // System.Text.Json appends " LineNumber: n | BytePositionInLine: m." with 0-based numbers:
    // we print 1-based ones in front instead.
    private static string TrimPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
