using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Protocols.Core;

/// <summary>Entry points for reading and writing generated models without <see cref="JsonSerializer"/>.</summary>
public static class JsonModel
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>
    /// Writer options for protocol payloads: UTF-8 text as is (no <c>\u2713</c>, no <c>\u0022</c>),
    /// which is what the vendors send and is smaller and faster; no validation on the hot path.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Parses UTF-8 JSON into a model.</summary>
    /// <typeparam name="T">The model type.</typeparam>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ProtocolJsonException">The JSON is malformed or does not match the schema.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json)
        where T : IJsonModel<T> => Parse(utf8Json, T.ReadFrom);

    /// <summary>Parses UTF-8 JSON with an explicit reader function (for unions and enums).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <param name="read">The generated reader.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ProtocolJsonException">The JSON is malformed or does not match the schema.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json, JsonReadFunc<T> read)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            JsonRead.Next(ref reader);
            T value = read(ref reader);
            if (reader.Read())
            {
                throw new ProtocolJsonException("unexpected content after the JSON value");
            }

            return value;
        }
        catch (ProtocolJsonException)
        {
            throw;
        }
        catch (JsonException e)
        {
            // Malformed JSON: the reader knows the line and byte position.
            throw new ProtocolJsonException($"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ProtocolJsonException(e.Message, e);
        }
    }

    /// <summary>Serializes a model to UTF-8 JSON.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] ToUtf8(IJsonWritable value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes a model to a JSON string.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJsonString(IJsonWritable value) => System.Text.Encoding.UTF8.GetString(ToUtf8(value));

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>A <see cref="JsonConverter{T}"/> over generated read/write functions (no reflection).</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="read">The generated reader.</param>
/// <param name="write">The generated writer.</param>
public sealed class GeneratedJsonConverter<T>(JsonReadFunc<T> read, Action<Utf8JsonWriter, T> write) : JsonConverter<T>
{
    /// <inheritdoc/>
    public override bool HandleNull => false;

    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => read(ref reader);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => write(writer, value);
}
