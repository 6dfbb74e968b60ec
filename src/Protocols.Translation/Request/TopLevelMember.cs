using System.Buffers;

namespace Protocols.Translation;

/// <summary>
/// Finds one member of a JSON object's top level by scanning bytes, without tokenizing the values it passes
/// over: strings are skipped to their closing quote, arrays and objects to their matching bracket (vectorized
/// searches for the few bytes that matter). It does not validate: it is used only to cut out a member whose bytes
/// are then compared with bytes a full parse has already accepted (<see cref="ToolTranslationCache"/>); on
/// anything unexpected it reports "not found" and the caller takes the ordinary, validating path.
/// </summary>
internal static class TopLevelMember
{
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> NestedStops = SearchValues.Create("\"[]{}"u8);
    private static readonly SearchValues<byte> ScalarEnds = SearchValues.Create(",} \t\r\n"u8);

    /// <summary>Where a member is.</summary>
    /// <param name="ValueStart">The first byte of its value.</param>
    /// <param name="ValueEnd">One past the last byte of its value.</param>
    /// <param name="CutStart">The first byte to remove to delete the member (with one separating comma).</param>
    /// <param name="CutEnd">One past the last byte to remove.</param>
    internal readonly record struct Location(int ValueStart, int ValueEnd, int CutStart, int CutEnd);

    /// <summary>Finds the member named <paramref name="name"/> (written without escapes) at the top level of <paramref name="json"/>.</summary>
    /// <param name="json">A JSON object.</param>
    /// <param name="name">The member name, UTF-8, as written between the quotes.</param>
    /// <param name="location">Where it is.</param>
    /// <returns>Whether it was found exactly once and the scan met nothing unexpected.</returns>
    public static bool TryFind(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, out Location location)
    {
        location = default;
        var found = false;
        int i = SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != (byte)'{')
        {
            return false;
        }

        i = SkipWhitespace(json, i + 1);
        if (i < json.Length && json[i] == (byte)'}')
        {
            return false;
        }

        int previousComma = -1;
        while (i < json.Length)
        {
            // "key"
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

            var key = json[(keyStart + 1)..(keyEnd - 1)];
            i = SkipWhitespace(json, keyEnd);
            if (i >= json.Length || json[i] != (byte)':')
            {
                return false;
            }

            int valueStart = SkipWhitespace(json, i + 1);
            int valueEnd = SkipValue(json, valueStart);
            if (valueEnd < 0)
            {
                return false;
            }

            bool match = key.SequenceEqual(name);
            if (match && found)
            {
                return false; // The name twice: leave it to the parser.
            }

            i = SkipWhitespace(json, valueEnd);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == (byte)',')
            {
                if (match)
                {
                    // Remove `"key": value ,` (the comma after it).
                    location = new Location(valueStart, valueEnd, keyStart, SkipWhitespace(json, i + 1));
                    found = true;
                }

                previousComma = i;
                i = SkipWhitespace(json, i + 1);
                continue;
            }

            if (json[i] != (byte)'}' || SkipWhitespace(json, i + 1) != json.Length)
            {
                return false;
            }

            if (match)
            {
                // The last member: remove `, "key": value` (the comma before it), or the whole member if it is the only one.
                location = new Location(valueStart, valueEnd, previousComma >= 0 ? previousComma : keyStart, valueEnd);
                found = true;
            }

            return found;
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
