using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Protocols.Core;

/// <summary>Small, allocation-free helpers used by the generated readers.</summary>
public static class JsonRead
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Moves to the next token, failing clearly at the end of input.</summary>
    /// <param name="reader">The reader.</param>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new ProtocolJsonException("unexpected end of JSON");
        }
    }

    /// <summary>Fails unless the reader is on <paramref name="expected"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="expected">The token type the schema requires.</param>
    /// <param name="what">The schema type, for the message (e.g. "object").</param>
    public static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw Mismatch(ref reader, what);
        }
    }

    /// <summary>An error saying the current token is not of the expected type.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="what">The schema type expected.</param>
    /// <returns>The exception.</returns>
    public static ProtocolJsonException Mismatch(ref Utf8JsonReader reader, string what) =>
        new($"expected {what}, found {Describe(reader.TokenType)}");

    /// <summary>An error naming a required member that is absent.</summary>
    /// <param name="member">The JSON member name.</param>
    /// <returns>The exception.</returns>
    public static ProtocolJsonException Missing(string member) =>
        ProtocolJsonException.InMember(new ProtocolJsonException("required member is missing"), member);

    /// <summary>Longest value (in bytes) <see cref="String"/> looks up among the thread's recent strings.</summary>
    internal const int RecentMaxLength = 48;

    /// <summary>Slots of the per-thread table of recent short strings (64: <c>Slot</c> takes the hash's top six bits).</summary>
    internal const int RecentSlots = 64;

    /// <summary>The thread's recent short strings, by a hash of their bytes; see <see cref="String"/>.</summary>
    [ThreadStatic]
    private static string?[]? t_recent;

    /// <summary>Reads a JSON string.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The string.</returns>
    /// <remarks>
    /// A short ASCII value without escapes (at most <see cref="RecentMaxLength"/> bytes) is looked up in a small
    /// per-thread table of recent values and the same string instance is returned when its text matches: a stream's
    /// chunks repeat their <c>id</c>, <c>model</c>, <c>system_fingerprint</c>, roles and finish reasons in every
    /// chunk, and would otherwise allocate and transcode them every time. A miss costs a hash and a comparison and
    /// replaces the slot; strings are immutable, so sharing them is invisible to callers.
    /// </remarks>
    public static string String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Mismatch(ref reader, "string");
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var bytes = reader.ValueSpan;
            if (bytes.Length is > 0 and <= RecentMaxLength && Ascii.IsValid(bytes))
            {
                return Recent(bytes);
            }
        }

        return reader.ValueIsEscaped ? Escaped(ref reader) : reader.GetString()!;
    }

    /// <summary>
    /// An escaped string. Half a surrogate pair (<c>"\ud83d"</c> alone) is valid JSON but not valid UTF-16, and the
    /// reader refuses it; it is kept as that half instead: a server that cuts text by UTF-16 units (JavaScript's
    /// <c>JSON.stringify</c> of a sliced string) sends one half per stream chunk, and the stream translation joins the
    /// halves again. Anything else the reader refuses is still an error.
    /// </summary>
    private static string Escaped(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            ReadOnlySpan<byte> raw = reader.HasValueSequence ? BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan;
            if (UnescapeKeepingSurrogateHalves(raw) is { } text)
            {
                return text;
            }

            throw; // Not UTF-8: the reader's own error.
        }
    }

    /// <summary>
    /// The text of a JSON string element, as <see cref="JsonElement.GetString"/> gives it, except that half a surrogate
    /// pair is kept as that half (see <see cref="String(ref Utf8JsonReader)"/>) instead of throwing.
    /// </summary>
    /// <param name="element">A string element.</param>
    /// <returns>The text.</returns>
    public static string StringOf(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.String)
        {
            var raw = JsonMarshal.GetRawUtf8Value(element);
            if (UnescapeKeepingSurrogateHalves(raw[1..^1]) is { } text)
            {
                return text;
            }

            throw; // Not UTF-8: the element's own error.
        }
    }

    /// <summary>Unescapes a JSON string's raw bytes (escapes already validated by the reader), keeping unpaired surrogates.</summary>
    /// <param name="raw">The bytes between the quotes.</param>
    /// <returns>The text, or null when the bytes between the escapes are not UTF-8.</returns>
    internal static string? UnescapeKeepingSurrogateHalves(ReadOnlySpan<byte> raw)
    {
        try
        {
            return Unescape(raw);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (true)
        {
            int at = raw.IndexOf((byte)'\\');
            text.Append(StrictUtf8.GetString(at < 0 ? raw : raw[..at]));
            if (at < 0 || at + 1 >= raw.Length)
            {
                return text.ToString();
            }

            byte escape = raw[at + 1];
            int length = 2;
            switch (escape)
            {
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                case (byte)'b': text.Append('\b'); break;
                case (byte)'f': text.Append('\f'); break;
                case (byte)'u' when at + 6 <= raw.Length && Utf8Parser.TryParse(raw.Slice(at + 2, 4), out ushort unit, out int used, 'X') && used == 4:
                    text.Append((char)unit);
                    length = 6;
                    break;
                default: text.Append((char)escape); break; // \" \\ \/
            }

            raw = raw[(at + length)..];
        }
    }

    /// <summary>The thread's recent string equal to <paramref name="ascii"/>, or a new one put in its slot.</summary>
    /// <param name="ascii">ASCII bytes, 1 to <see cref="RecentMaxLength"/> long.</param>
    /// <returns>The string.</returns>
    internal static string Recent(ReadOnlySpan<byte> ascii)
    {
        var table = t_recent ??= new string?[RecentSlots];
        ref var slot = ref table[Slot(ascii)];
        if (slot is { } known && known.Length == ascii.Length && Ascii.Equals(ascii, known))
        {
            return known;
        }

        return slot = Encoding.ASCII.GetString(ascii);
    }

    /// <summary>The slot of a value: its length and first and last eight bytes, multiplied into the top bits.</summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        ulong h;
        if (bytes.Length >= 8)
        {
            h = (BinaryPrimitives.ReadUInt64LittleEndian(bytes) * 31) + BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]);
        }
        else
        {
            h = 0;
            foreach (var b in bytes)
            {
                h = (h << 8) | b;
            }
        }

        h = (h + (ulong)bytes.Length) * 0x9E3779B97F4A7C15;
        return (int)(h >> (64 - 6));
    }

    /// <summary>Reads a JSON integer.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static long Int64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Mismatch(ref reader, "integer");
        }

        if (reader.TryGetInt64(out long value))
        {
            return value;
        }

        // Some backends write integral values as 12.0; accept them when exact.
        double d = reader.GetDouble();
        if (d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            return (long)d;
        }

        throw new ProtocolJsonException($"expected integer, found {d.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Reads a JSON number.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static double Double(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Mismatch(ref reader, "number");
        }

        return reader.GetDouble();
    }

    /// <summary>Reads a JSON boolean.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value.</returns>
    public static bool Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Mismatch(ref reader, "boolean"),
    };

    /// <summary>
    /// Reads a JSON string, or an object, array or number as its JSON text: for string members that some servers send as
    /// the JSON value itself (settings <c>jsonTextMembers</c>): tool-call arguments as an object, an error code as a number.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The string, or the value's JSON text as sent.</returns>
    public static string StringOrJsonText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject or JsonTokenType.StartArray => JsonElement.ParseValue(ref reader).GetRawText(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.String => String(ref reader),
        _ => throw Mismatch(ref reader, "string"),
    };

    /// <summary>Reads any JSON value as a detached <see cref="JsonElement"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The element.</returns>
    public static JsonElement Element(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Reads a JSON object with free-form members as a detached <see cref="JsonElement"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The element.</returns>
    public static JsonElement ObjectElement(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "object");
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>The current property name as UTF-8, unescaped when needed.</summary>
    /// <param name="reader">The reader, on a property name.</param>
    /// <returns>The name bytes.</returns>
    public static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        return Encoding.UTF8.GetBytes(reader.GetString()!);
    }

    /// <summary>
    /// Finds the string value of a top-level member of the object the reader is on, without moving
    /// the reader (the discriminator may appear anywhere in the object).
    /// </summary>
    /// <param name="reader">The reader, on a start-object token.</param>
    /// <param name="member">The member name, UTF-8.</param>
    /// <returns>The member's string value, or null when absent or not a string.</returns>
    public static string? PeekString(in Utf8JsonReader reader, ReadOnlySpan<byte> member)
    {
        var copy = reader;
        if (copy.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (copy.Read() && copy.TokenType == JsonTokenType.PropertyName)
        {
            bool match = copy.ValueTextEquals(member);
            copy.Read();
            if (match)
            {
                return copy.TokenType == JsonTokenType.String ? copy.GetString() : null;
            }

            copy.Skip();
        }

        return null;
    }

    /// <summary>Whether the object the reader is on has all the named top-level members.</summary>
    /// <param name="reader">The reader, on a start-object token.</param>
    /// <param name="members">The member names.</param>
    /// <returns>True when every member is present.</returns>
    public static bool HasMembers(in Utf8JsonReader reader, params ReadOnlySpan<string> members)
    {
        if (members.Length == 0)
        {
            return true;
        }

        var copy = reader;
        int found = 0;
        Span<bool> seen = members.Length <= 64 ? stackalloc bool[members.Length] : new bool[members.Length];
        while (copy.Read() && copy.TokenType == JsonTokenType.PropertyName)
        {
            for (int i = 0; i < members.Length; i++)
            {
                if (!seen[i] && copy.ValueTextEquals(members[i]))
                {
                    seen[i] = true;
                    found++;
                }
            }

            copy.Read();
            copy.Skip();
        }

        return found == members.Length;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}
