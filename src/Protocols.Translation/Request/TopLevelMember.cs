using System.Buffers;

namespace Protocols.Translation;

/// <summary>
/// Lists the members of a JSON object's top level by scanning bytes, without tokenizing the values it passes
/// over: strings are skipped to their closing quote, arrays and objects to their matching bracket (vectorized
/// searches for the few bytes that matter). It does not validate: it is used only to cut out members whose bytes
/// are then compared with bytes a full parse has already accepted (<see cref="TranslationCache"/>); on
/// anything unexpected the scan fails and the caller takes the ordinary, validating path.
/// </summary>
internal static class TopLevelMember
{
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> NestedStops = SearchValues.Create("\"[]{}"u8);
    private static readonly SearchValues<byte> ScalarEnds = SearchValues.Create(",} \t\r\n"u8);

    /// <summary>One top-level member.</summary>
    /// <param name="KeyStart">The opening quote of its name.</param>
    /// <param name="NameStart">The first byte of its name (after the quote).</param>
    /// <param name="NameEnd">One past the last byte of its name (the closing quote).</param>
    /// <param name="ValueStart">The first byte of its value.</param>
    /// <param name="ValueEnd">One past the last byte of its value.</param>
    /// <param name="Known">What <see cref="KnownValue"/> recognised the value as, or null.</param>
    internal readonly record struct Member(int KeyStart, int NameStart, int NameEnd, int ValueStart, int ValueEnd, object? Known = null);

    /// <summary>
    /// Recognises a value by its bytes without scanning it: when the text after a member's colon starts with the
    /// complete JSON value of something known (a cached tool list), that value ends where the known bytes end.
    /// </summary>
    /// <param name="name">The member's name (UTF-8, as written).</param>
    /// <param name="rest">The text from the value's first byte to the end of the body.</param>
    /// <param name="length">The value's length when recognised.</param>
    /// <returns>What it is, or null to scan the value.</returns>
    internal delegate object? KnownValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rest, out int length);

    /// <summary>
    /// Recognises an array element by its bytes without scanning it: when <paramref name="rest"/> starts with the
    /// complete JSON object of something known (a message read before), the element ends where those bytes end.
    /// </summary>
    /// <param name="rest">The text from the element's first byte to the end of the body.</param>
    /// <returns>What it is (its length is its <see cref="ICachedSource.Source"/>'s), or null to scan the element.</returns>
    internal delegate ICachedSource? KnownElement(ReadOnlySpan<byte> rest);

    /// <summary>
    /// The elements of one array member, listed by <see cref="TryScan"/> as it passes over the array (the request's
    /// <c>messages</c>: one pass over the bytes, not one to find the array's end and another for its elements).
    /// </summary>
    /// <param name="name">The member's name (UTF-8, as written).</param>
    /// <param name="known">Recognises elements without scanning them, or null.</param>
    internal sealed class ArrayElements(byte[] name, KnownElement? known)
    {
        /// <summary>The member's name.</summary>
        public byte[] Name => name;

        /// <summary>Recognises elements without scanning them, or null.</summary>
        public KnownElement? Known => known;

        /// <summary>Each element's bytes (without surrounding whitespace), in order.</summary>
        public List<Range> Elements { get; } = [];

        /// <summary>What <see cref="Known"/> recognised each element as (null where it was scanned).</summary>
        public List<ICachedSource?> Recognised { get; } = [];

        /// <summary>How many members of that name were listed: the elements are the member's only when it is one.</summary>
        public int Members { get; set; }
    }

    /// <summary>The index of the only member named <paramref name="name"/>, or null (absent, or present twice).</summary>
    /// <param name="json">The JSON the members were scanned from.</param>
    /// <param name="members">The members.</param>
    /// <param name="name">The name, UTF-8, without escapes.</param>
    /// <returns>The index or null.</returns>
    public static int? IndexOf(ReadOnlySpan<byte> json, List<Member> members, ReadOnlySpan<byte> name)
    {
        int? found = null;
        for (int i = 0; i < members.Count; i++)
        {
            if (json[members[i].NameStart..members[i].NameEnd].SequenceEqual(name))
            {
                if (found is not null)
                {
                    return null; // The name twice: leave it to the parser.
                }

                found = i;
            }
        }

        return found;
    }

    /// <summary>
    /// Writes the object without the members whose indexes are <paramref name="skipA"/> and <paramref name="skipB"/>
    /// (-1: none), and with only some elements of one array member (<paramref name="arrayAt"/>: the elements in
    /// <paramref name="elements"/> whose <paramref name="keep"/> flag is set, in order).
    /// </summary>
    /// <param name="json">The JSON the members were scanned from.</param>
    /// <param name="members">The members.</param>
    /// <param name="skipA">A member to leave out, or -1.</param>
    /// <param name="skipB">Another member to leave out, or -1.</param>
    /// <param name="output">Where to write (at least <paramref name="json"/>'s length).</param>
    /// <param name="arrayAt">The array member to thin out, or -1.</param>
    /// <param name="elements">Its elements (<see cref="ArrayElements.Elements"/>).</param>
    /// <param name="keep">Which elements to keep.</param>
    /// <returns>The bytes written.</returns>
    public static int Without(
        ReadOnlySpan<byte> json, List<Member> members, int skipA, int skipB, Span<byte> output,
        int arrayAt = -1, List<Range>? elements = null, ReadOnlySpan<bool> keep = default)
    {
        int n = 0;
        output[n++] = (byte)'{';
        bool first = true;
        for (int i = 0; i < members.Count; i++)
        {
            if (i == skipA || i == skipB)
            {
                continue;
            }

            if (!first)
            {
                output[n++] = (byte)',';
            }

            first = false;
            if (i == arrayAt && elements is not null)
            {
                var head = json[members[i].KeyStart..members[i].ValueStart];
                head.CopyTo(output[n..]);
                n += head.Length;
                output[n++] = (byte)'[';
                bool firstElement = true;
                for (int e = 0; e < elements.Count; e++)
                {
                    if (!keep[e])
                    {
                        continue;
                    }

                    if (!firstElement)
                    {
                        output[n++] = (byte)',';
                    }

                    firstElement = false;
                    var element = json[elements[e]];
                    element.CopyTo(output[n..]);
                    n += element.Length;
                }

                output[n++] = (byte)']';
                continue;
            }

            var member = json[members[i].KeyStart..members[i].ValueEnd];
            member.CopyTo(output[n..]);
            n += member.Length;
        }

        output[n++] = (byte)'}';
        return n;
    }

    // `i` is at `[`: lists the elements (recognising known ones by their bytes) and returns one past the `]`, or -1.
    private static int ScanArray(ReadOnlySpan<byte> json, int i, List<Range> elements, KnownElement? known, List<ICachedSource?>? recognised)
    {
        i = SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == (byte)']')
        {
            return i + 1;
        }

        while (i < json.Length)
        {
            ICachedSource? element = known is not null && json[i] == (byte)'{' ? known(json[i..]) : null;
            int valueEnd = element is null ? SkipValue(json, i) : i + element.Source.Length;
            if (valueEnd < 0)
            {
                return -1;
            }

            elements.Add(i..valueEnd);
            recognised?.Add(element);
            i = SkipWhitespace(json, valueEnd);
            if (i >= json.Length)
            {
                return -1;
            }

            if (json[i] == (byte)']')
            {
                return i + 1;
            }

            if (json[i] != (byte)',')
            {
                return -1;
            }

            i = SkipWhitespace(json, i + 1);
        }

        return -1;
    }

    /// <summary>Lists the top-level members of <paramref name="json"/>.</summary>
    /// <param name="json">A JSON object.</param>
    /// <param name="members">Receives the members, in order.</param>
    /// <param name="known">Recognises values without scanning them (see <see cref="KnownValue"/>), or null.</param>
    /// <param name="array">An array member whose elements to list as it is passed over, or null.</param>
    /// <returns>Whether the scan met nothing unexpected (an object, members, nothing after it but whitespace).</returns>
    public static bool TryScan(ReadOnlySpan<byte> json, List<Member> members, KnownValue? known = null, ArrayElements? array = null)
    {
        int i = SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            return SkipWhitespace(json, i + 1) == json.Length;
        }

        while (i < json.Length)
        {
            // "key": value
            if (json[i] != (byte)'"')
            {
                return false;
            }

            int keyStart = i;
            int keyEnd = SkipString(json, i);
            if (keyEnd < 0)
            {
                return false;
            }

            i = SkipWhitespace(json, keyEnd);
            if (i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            int valueStart = SkipWhitespace(json, i + 1);
            var name = json[(keyStart + 1)..(keyEnd - 1)];
            object? recognised = null;
            int valueEnd;
            if (known is not null && valueStart < json.Length
                && (recognised = known(name, json[valueStart..], out int length)) is not null)
            {
                valueEnd = valueStart + length;
            }
            else if (array is not null && valueStart < json.Length && json[valueStart] == (byte)'[' && name.SequenceEqual(array.Name))
            {
                array.Members++;
                valueEnd = ScanArray(json, valueStart, array.Elements, array.Known, array.Recognised);
            }
            else
            {
                valueEnd = SkipValue(json, valueStart);
            }

            if (valueEnd < 0)
            {
                return false;
            }

            members.Add(new Member(keyStart, keyStart + 1, keyEnd - 1, valueStart, valueEnd, recognised));
            i = SkipWhitespace(json, valueEnd);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == (byte)',')
            {
                i = SkipWhitespace(json, i + 1);
                continue;
            }

            return json[i] == (byte)'}' && SkipWhitespace(json, i + 1) == json.Length;
        }

        return false;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    // `i` is at the opening quote; returns one past the closing quote, or -1.
    private static int SkipString(ReadOnlySpan<byte> json, int i)
    {
        i++;
        while (true)
        {
            int stop = json[i..].IndexOfAny(StringStops);
            if (stop < 0)
            {
                return -1;
            }

            i += stop;
            if (json[i] == (byte)'"')
            {
                return i + 1;
            }

            i += 2; // A backslash and the character it escapes.
            if (i >= json.Length)
            {
                return -1;
            }
        }
    }

    private static int SkipValue(ReadOnlySpan<byte> json, int i)
    {
        if (i >= json.Length)
        {
            return -1;
        }

        switch (json[i])
        {
            case (byte)'"':
                return SkipString(json, i);
            case (byte)'[':
            case (byte)'{':
                return SkipNested(json, i);
            default:
                int end = json[i..].IndexOfAny(ScalarEnds);
                return end <= 0 ? -1 : i + end;
        }
    }

    // `i` is at `[` or `{`; returns one past the matching bracket, or -1.
    private static int SkipNested(ReadOnlySpan<byte> json, int i)
    {
        int depth = 0;
        while (true)
        {
            int stop = json[i..].IndexOfAny(NestedStops);
            if (stop < 0)
            {
                return -1;
            }

            i += stop;
            switch (json[i])
            {
                case (byte)'"':
                    i = SkipString(json, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                case (byte)'[':
                case (byte)'{':
                    depth++;
                    break;
                default:
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }

            i++;
        }
    }
}
