using System.Text.Json;

namespace Protocols.Core;

/// <summary>Array and map readers used by the generated code; element failures carry their index or key.</summary>
public static class JsonCollections
{
    /// <summary>Reads a JSON array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="reader">The reader, on the start of the array.</param>
    /// <param name="read">Reads one element.</param>
    /// <returns>The elements.</returns>
    public static List<T> ReadList<T>(ref Utf8JsonReader reader, JsonReadFunc<T> read)
    {
        JsonRead.Expect(ref reader, JsonTokenType.StartArray, "array");
        var list = new List<T>();
        int index = 0;
        while (true)
        {
            JsonRead.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            try
            {
                list.Add(read(ref reader));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw ProtocolJsonException.InElement(e, index);
            }

            index++;
        }
    }

    /// <summary>Reads a JSON object used as a map.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="reader">The reader, on the start of the object.</param>
    /// <param name="read">Reads one value.</param>
    /// <returns>The entries, in document order.</returns>
    public static Dictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, JsonReadFunc<T> read)
    {
        JsonRead.Expect(ref reader, JsonTokenType.StartObject, "object");
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (true)
        {
            JsonRead.Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }

            var key = reader.GetString()!;
            JsonRead.Next(ref reader);
            try
            {
                map[key] = read(ref reader);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw ProtocolJsonException.InMember(e, key);
            }
        }
    }

    /// <summary>Writes a list as a JSON array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="items">The elements.</param>
    /// <param name="write">Writes one element.</param>
    public static void WriteList<T>(Utf8JsonWriter writer, List<T> items, Action<Utf8JsonWriter, T> write)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            write(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a map as a JSON object.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="writer">The writer.</param>
    /// <param name="map">The entries.</param>
    /// <param name="write">Writes one value.</param>
    public static void WriteMap<T>(Utf8JsonWriter writer, Dictionary<string, T> map, Action<Utf8JsonWriter, T> write)
    {
        writer.WriteStartObject();
        foreach (var pair in map)
        {
            writer.WritePropertyName(pair.Key);
            write(writer, pair.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes members the schema does not know, kept from reading.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="members">The members, or null.</param>
    public static void WriteAdditional(Utf8JsonWriter writer, IDictionary<string, JsonElement>? members)
    {
        if (members is null)
        {
            return;
        }

        foreach (var pair in members)
        {
            writer.WritePropertyName(pair.Key);
            JsonWrite.Element(writer, pair.Value);
        }
    }
}
