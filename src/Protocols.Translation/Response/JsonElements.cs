using System.Buffers;
using System.Text.Json;
using Protocols.Core;

namespace Protocols.Translation;

/// <summary>Builds small <see cref="JsonElement"/> values with a writer (no reflection-based serializer).</summary>
internal static class JsonElements
{
    /// <summary>An object of string members.</summary>
    /// <param name="members">Names and values (a null value is written as <c>null</c>).</param>
    /// <returns>The detached element.</returns>
    public static JsonElement Object(params ReadOnlySpan<(string Name, string? Value)> members)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}
