using System.Buffers;
using System.Text.Json;
using System.Text;
using Protocols.Core;

namespace Protocols.Translation;

/// <summary>Small JSON values built without the reflection-based serializer (the project is AOT-compatible).</summary>
internal static class JsonValues
{
    /// <summary>A JSON string.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The element.</returns>
    public static JsonElement String(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
        {
            JsonWrite.String(writer, value);
        }

        return Parse(buffer.WrittenSpan);
    }

    /// <summary>A JSON integer.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The element.</returns>
    public static JsonElement Number(long value)
    {
        var buffer = new ArrayBufferWriter<byte>(24);
        using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
        {
            writer.WriteNumberValue(value);
        }

        return Parse(buffer.WrittenSpan);
    }


    /// <summary>The compact JSON text of a value (whatever whitespace the client's JSON had).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public static string CompactText(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
        {
            try
            {
                value.WriteTo(writer);
            }
            catch (InvalidOperationException)
            {
                // Half a surrogate pair escaped in a string ("\ud83d": valid JSON, which JsonElement.WriteTo refuses to
                // unescape): the client's own text, whitespace and all, rather than a failed request.
                return value.GetRawText();
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A generated model as a detached element (e.g. an input schema as function parameters).</summary>
    /// <param name="value">The model.</param>
    /// <returns>The element.</returns>
    public static JsonElement Of(IJsonWritable value) => Parse(JsonModel.ToUtf8(value));

    private static JsonElement Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        return JsonElement.ParseValue(ref reader);
    }
}
