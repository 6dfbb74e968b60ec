using System.Text.Encodings.Web;
using System.Text.Json;

namespace Protocols.Client;

/// <summary>Reads and writes fixture files (<c>{"version":1,"exchanges":[…]}</c>), without reflection.</summary>
internal static class FixtureFile
{
    public static List<RecordedExchange> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = new List<RecordedExchange>();
        foreach (var item in document.RootElement.GetProperty("exchanges").EnumerateArray())
        {
            var request = item.GetProperty("request");
            var response = item.GetProperty("response");
            list.Add(new RecordedExchange(
                request.GetProperty("method").GetString()!,
                request.GetProperty("url").GetString()!,
                Headers(request),
                request.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null,
                response.GetProperty("status").GetInt32(),
                Headers(response),
                response.GetProperty("body").GetString() ?? string.Empty));
        }

        return list;
    }

    public static void Write(string path, IReadOnlyList<RecordedExchange> exchanges)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteNumber("version", 1);
        writer.WriteStartArray("exchanges");
        foreach (var e in exchanges)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("request");
            writer.WriteString("method", e.Method);
            writer.WriteString("url", e.PathAndQuery);
            WriteHeaders(writer, e.RequestHeaders);
            if (e.RequestBody is not null)
            {
                writer.WriteString("body", e.RequestBody);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("response");
            writer.WriteNumber("status", e.Status);
            WriteHeaders(writer, e.ResponseHeaders);
            writer.WriteString("body", e.ResponseBody);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static Dictionary<string, string> Headers(JsonElement owner)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (owner.TryGetProperty("headers", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in element.EnumerateObject())
            {
                headers[header.Name] = header.Value.GetString() ?? string.Empty;
            }
        }

        return headers;
    }

    private static void WriteHeaders(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> headers)
    {
        writer.WriteStartObject("headers");
        foreach (var (name, value) in headers.OrderBy(static h => h.Key, StringComparer.Ordinal))
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }
}
