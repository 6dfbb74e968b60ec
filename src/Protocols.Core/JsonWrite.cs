using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Protocols.Core;

/// <summary>
/// String values for the generated writers: the same bytes as <see cref="Utf8JsonWriter.WriteStringValue(string)"/>,
/// faster for long text that needs escaping.
/// </summary>
/// <remarks>
/// <para>
/// With <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> (<see cref="JsonModel.WriterOptions"/>), the writer
/// escapes a string scalar by scalar from its first escaped character to its end: ~2.3 ns per character, so a
/// 14 KB system prompt with a newline every line costs ~34 µs — a tenth of what the proxy spends on a Claude Code
/// request. Here the text is transcoded to UTF-8 once and escaped between vectorized searches for the next
/// character to escape (the encoder's own <see cref="TextEncoder.FindFirstCharacterToEncodeUtf8"/>), ~6 µs for the
/// same prompt, then written with <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>.
/// </para>
/// <para>
/// Only the escapes that are plain ASCII are written here (<c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>,
/// <c>\b</c>, <c>\f</c>, <c>\u00XX</c>), exactly as the writer writes them; a string holding anything else the encoder
/// escapes (DEL, C1 controls, characters outside the BMP, unpaired surrogates, …), a short one, one with nothing to
/// escape, and any writer with another encoder or indenting (a raw value is not indented) go to <see cref="Utf8JsonWriter.WriteStringValue(string)"/> itself.
/// </para>
/// <para>
/// Long text written again is not escaped again: a string of <see cref="MemoMin"/> characters or more that is
/// written a second time — the same instance, e.g. the system prompt or an earlier message's text a
/// translation cache hands back on every turn of a conversation — is written from the bytes it was escaped to
/// the first time. A small table of recent strings, keyed by identity (strings are immutable, so the same
/// instance is the same text); a string is kept on its second sighting only, so one-off text costs no copy, and a
/// kept string written again since the last newcomer keeps its slot (one more chance, as a clock cache does).
/// </para>
/// </remarks>
public static class JsonWrite
{
    /// <summary>Below this length the writer's own path is as fast.</summary>
    private const int LongString = 128;

    /// <summary>From this length a string written twice keeps its escaped bytes (<see cref="Memo"/>).</summary>
    internal const int MemoMin = 1024;

    /// <summary>Longer strings are not kept: the table holds at most <see cref="MemoSlots"/> of this many characters.</summary>
    internal const int MemoMax = 64 * 1024;

    /// <summary>The table's slots (a power of two), each picked by the text's identity hash.</summary>
    internal const int MemoSlots = 32;

    private static readonly Memo?[] s_memo = new Memo?[MemoSlots];

    private static readonly JavaScriptEncoder Relaxed = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Printable ASCII but the quote and the backslash: what no encoder escapes in this mode.</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private enum Escape
    {
        Done,
        NeedsSpace,
        NotHandled,
    }

    /// <summary>
    /// Writes a string value (as <see cref="Utf8JsonWriter.WriteStringValue(string)"/>), keeping half a surrogate pair as
    /// its escape (<c>"\ud83d"</c>) where the writer would write U+FFFD: <see cref="JsonRead.String"/> keeps the half a
    /// server sent (one half per stream chunk), and a chunk written back must carry it for the halves to be joined.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void String(Utf8JsonWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        // The first surrogate found (vectorized) starts the exact check: nothing before it can pair with it.
        int surrogate = value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (surrogate >= 0 && LoneSurrogateAt(value.AsSpan(surrogate)) >= 0)
        {
            WriteKeepingHalves(writer, value);
        }
        else if (!TryWriteEscaped(writer, value))
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>
    /// Writes a raw JSON value as it was read: its own bytes (<see cref="JsonMarshal.GetRawUtf8Value"/>), not re-tokenized —
    /// so a value the reader accepted is written back unchanged, an escaped half surrogate pair included (which
    /// <see cref="JsonElement.WriteTo"/> refuses to unescape). An indenting writer re-formats it (<see cref="JsonElement.WriteTo"/>);
    /// an undefined element (a required member that was absent) is written as null.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void Element(Utf8JsonWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else if (writer.Options.Indented)
        {
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
        }
    }

    /// <summary>The index of the first half of a surrogate pair that has no other half, or -1.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The index, or -1.</returns>
    internal static int LoneSurrogateAt(ReadOnlySpan<char> value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Writes text holding half a surrogate pair: the valid runs escaped by the writer's encoder, each half as <c>\uXXXX</c>.</summary>
    private static void WriteKeepingHalves(Utf8JsonWriter writer, string value)
    {
        var json = new ArrayBufferWriter<byte>((value.Length * 2) + 16);
        json.Write("\""u8);
        Span<byte> escape = stackalloc byte[6];
        "\\u"u8.CopyTo(escape);
        var rest = value.AsSpan();
        while (rest.Length > 0)
        {
            int at = LoneSurrogateAt(rest);
            var run = at < 0 ? rest : rest[..at];
            if (run.Length > 0)
            {
                json.Write(JsonEncodedText.Encode(run, writer.Options.Encoder).EncodedUtf8Bytes);
            }

            if (at < 0)
            {
                break;
            }

            ((int)rest[at]).TryFormat(escape[2..], out _, "x4", System.Globalization.CultureInfo.InvariantCulture);
            json.Write(escape);
            rest = rest[(at + 1)..];
        }

        json.Write("\""u8);
        writer.WriteRawValue(json.WrittenSpan, skipInputValidation: true);
    }

    /// <summary>Writes <paramref name="value"/> by the fast path, or writes nothing and returns false (the writer's own path then).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it was written.</returns>
    internal static bool TryWriteEscaped(Utf8JsonWriter writer, string value)
    {
        if (value.Length < LongString || !ReferenceEquals(writer.Options.Encoder, Relaxed) || writer.Options.Indented)
        {
            return false;
        }

        ref Memo? slot = ref Unsafe.NullRef<Memo?>();
        Memo? seen = null;
        if (value.Length is >= MemoMin and <= MemoMax)
        {
            slot = ref SlotOf(value);
            seen = Volatile.Read(ref slot);
            if (seen is not null && ReferenceEquals(seen.Text, value))
            {
                if (seen.Json is { } json)
                {
                    if (!seen.Hot)
                    {
                        seen.Hot = true;
                    }

                    writer.WriteRawValue(json, skipInputValidation: true);
                    return true;
                }
            }
            else
            {
                if (!value.AsSpan().ContainsAnyExcept(PlainAscii))
                {
                    // Nothing to escape: the writer's own path, and nothing to remember.
                    return false;
                }

                if (seen is { Json: not null, Hot: true })
                {
                    // A kept text written since the last newcomer keeps its slot (a second chance); the newcomer is
                    // not remembered. One-off text (each turn's new message) does not evict the system prompt.
                    seen.Hot = false;
                }
                else
                {
                    // First sighting: remembered, not copied.
                    Volatile.Write(ref slot, new Memo(value, null));
                }

                seen = null;
            }
        }

        if (!value.AsSpan().ContainsAnyExcept(PlainAscii))
        {
            return false;
        }

        var utf8 = ArrayPool<byte>.Shared.Rent(checked((value.Length * 3) + 3));
        byte[]? escaped = null;
        try
        {
            // Unpaired surrogates: the writer's replacement and escaping, not ours.
            if (Utf8.FromUtf16(value, utf8, out _, out int length, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return false;
            }

            var source = utf8.AsSpan(0, length);
            long most = ((long)length * 6) + 2;
            long size = Math.Min(length + (length / 8) + 64, most);
            while (true)
            {
                escaped = ArrayPool<byte>.Shared.Rent((int)size);
                switch (TryEscape(source, escaped, out int written))
                {
                    case Escape.Done:
                        writer.WriteRawValue(escaped.AsSpan(0, written), skipInputValidation: true);
                        if (seen is not null)
                        {
                            // Second sighting: kept (and just used).
                            Volatile.Write(ref slot, new Memo(value, escaped.AsSpan(0, written).ToArray()) { Hot = true });
                        }

                        return true;
                    case Escape.NotHandled:
                    case Escape.NeedsSpace when size >= most: // Cannot happen (six bytes per byte is the longest escape).
                        return false;
                }

                ArrayPool<byte>.Shared.Return(escaped);
                escaped = null;
                size = Math.Min(size * 2, most);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
            if (escaped is not null)
            {
                ArrayPool<byte>.Shared.Return(escaped);
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> (this instance) is written from the bytes kept for it (for tests).</summary>
    /// <param name="value">The string.</param>
    /// <returns>Whether its escaped bytes are kept.</returns>
    internal static bool IsKept(string value) =>
        Volatile.Read(ref SlotOf(value)) is { Json: not null } memo && ReferenceEquals(memo.Text, value);

    private static ref Memo? SlotOf(string value) => ref s_memo[RuntimeHelpers.GetHashCode(value) & (MemoSlots - 1)];

    // Writes "value" (quotes included) into destination.
    private static Escape TryEscape(ReadOnlySpan<byte> value, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < value.Length + 2)
        {
            return Escape.NeedsSpace;
        }

        destination[written++] = (byte)'"';
        while (true)
        {
            int next = Relaxed.FindFirstCharacterToEncodeUtf8(value);
            int plain = next < 0 ? value.Length : next;
            if (destination.Length - written < plain + (next < 0 ? 1 : 6))
            {
                return Escape.NeedsSpace;
            }

            value[..plain].CopyTo(destination[written..]);
            written += plain;
            if (next < 0)
            {
                destination[written++] = (byte)'"';
                return Escape.Done;
            }

            byte c = value[next];
            destination[written++] = (byte)'\\';
            switch (c)
            {
                case (byte)'"':
                case (byte)'\\':
                    destination[written++] = c;
                    break;
                case (byte)'\n':
                    destination[written++] = (byte)'n';
                    break;
                case (byte)'\r':
                    destination[written++] = (byte)'r';
                    break;
                case (byte)'\t':
                    destination[written++] = (byte)'t';
                    break;
                case (byte)'\b':
                    destination[written++] = (byte)'b';
                    break;
                case (byte)'\f':
                    destination[written++] = (byte)'f';
                    break;
                case < 0x20:
                    destination[written++] = (byte)'u';
                    destination[written++] = (byte)'0';
                    destination[written++] = (byte)'0';
                    destination[written++] = (byte)"0123456789ABCDEF"[c >> 4];
                    destination[written++] = (byte)"0123456789ABCDEF"[c & 0xF];
                    break;
                default:
                    // Non-ASCII or DEL that the encoder escapes.
                    return Escape.NotHandled;
            }

            value = value[(next + 1)..];
        }
    }

    /// <summary>A string seen recently, and its escaped JSON (quotes included) once seen twice.</summary>
    /// <param name="text">The string.</param>
    /// <param name="json">Its escaped JSON, or null when seen once.</param>
    private sealed class Memo(string text, byte[]? json)
    {
        public string Text { get; } = text;

        public byte[]? Json { get; } = json;

        /// <summary>Written from <see cref="Json"/> since a newcomer last asked for the slot (racy by design: a hint).</summary>
        public bool Hot { get; set; }
    }
}
