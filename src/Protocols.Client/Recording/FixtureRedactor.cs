using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Protocols.Client;

/// <summary>
/// Removes what must not be checked in: credentials in headers, keys and tokens in bodies and URLs (the configured
/// secrets and anything key-shaped), and large base64 payloads (images, PDFs), replaced by their length.
/// </summary>
internal sealed class FixtureRedactor(IReadOnlyCollection<string> secrets, int base64Threshold)
{
    public const string Redacted = "[REDACTED]";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Text is scrubbed as for exceptions; what this class adds is the structure (headers, JSON, SSE, base64).
    private readonly SecretScrubber _scrubber = new(secrets);

    public static bool IsSensitiveHeader(string name)
    {
        var n = name.ToLowerInvariant();
        return n is "authorization" or "proxy-authorization" or "cookie" or "set-cookie"
            || n.Contains("key", StringComparison.Ordinal) || n.Contains("token", StringComparison.Ordinal)
            || n.Contains("secret", StringComparison.Ordinal) || n.Contains("auth", StringComparison.Ordinal);
    }

    public string Header(string name, string value) => IsSensitiveHeader(name) ? Redacted : Text(value);

    public string Url(string pathAndQuery) => Text(pathAndQuery);

    /// <summary>Redacts a body: JSON structurally, SSE line by line, other text as text; binary is kept as base64 only when small.</summary>
    public string Body(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return string.Empty;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return $"[BINARY {body.Length} bytes]";
        }

        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[' && TryJson(text, out var json))
        {
            return json;
        }

        if (text.Contains("data:", StringComparison.Ordinal))
        {
            // Server-sent events: each data line is JSON on its own.
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    var data = line[5..].TrimStart();
                    lines[i] = "data: " + (TryJson(data.TrimEnd('\r'), out var redacted) ? redacted + (line.EndsWith('\r') ? "\r" : string.Empty) : Text(data));
                }
            }

            return string.Join('\n', lines);
        }

        return Text(text);
    }

    public string Text(string text) => string.IsNullOrEmpty(text) ? text : _scrubber.Scrub(text);

    private bool TryJson(string text, out string redacted)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var buffer = new ArrayBufferWriter<byte>(text.Length);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                Write(document.RootElement, null, writer);
            }

            redacted = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return true;
        }
        catch (JsonException)
        {
            redacted = string.Empty;
            return false;
        }
    }

    private void Write(JsonElement element, string? propertyName, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject())
                {
                    writer.WritePropertyName(member.Name);
                    Write(member.Value, member.Name, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, propertyName, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(StringValue(element.GetString()!, propertyName));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private string StringValue(string value, string? propertyName)
    {
        if (propertyName is not null && IsSensitiveProperty(propertyName))
        {
            return Redacted;
        }

        // data:image/png;base64,AAAA… keeps its prefix; a bare payload becomes its length.
        var comma = value.StartsWith("data:", StringComparison.Ordinal) ? value.IndexOf(";base64,", StringComparison.Ordinal) : -1;
        if (comma > 0)
        {
            var payload = value[(comma + 8)..];
            return IsLargeBase64(payload) ? value[..(comma + 8)] + Base64Marker(payload) : Text(value);
        }

        return IsLargeBase64(value) ? Base64Marker(value) : Text(value);
    }

    private static bool IsSensitiveProperty(string name)
    {
        var n = name.ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal);
        return n is "api_key" or "apikey" or "key" or "token" or "access_token" or "refresh_token" or "secret" or "client_secret" or "password" or "authorization";
    }

    private bool IsLargeBase64(string value)
    {
        if (value.Length < base64Threshold)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Base64Marker(string payload) => $"[BASE64 {payload.Length} chars]";
}
