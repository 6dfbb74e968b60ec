using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Protocols.Generators.Model;

namespace Protocols.Generators.Parsing;

// Diagnostics point at a schema's own key under components.schemas (and, when known, at the member's key
// inside it), found by reading the document as JSON: a text search for "Name" lands on whatever string
// comes first, such as another schema's "title" (Anthropic's BetaX schemas carry "title": "X").
internal sealed partial class SpecParser
{
    private static readonly char[] OriginDelimiters = { '.', '/', '|', '<', '[' };

    private byte[]? _utf8;
    private Dictionary<string, (int Key, int Value)>? _schemaKeys;

    /// <summary>The component an origin path (<c>Schema.member[]</c>, <c>Schema|2</c>, <c>Schema&lt;tag&gt;</c>) starts with: the longest prefix that is a schema name.</summary>
    private string ComponentOf(string origin)
    {
        for (int end = origin.Length; end > 0; end = origin.LastIndexOfAny(OriginDelimiters, end - 1))
        {
            var prefix = origin.Substring(0, end);
            if (_schemas.TryGetProperty(prefix, out _))
            {
                return prefix;
            }
        }

        return origin.Split(OriginDelimiters)[0];
    }

    /// <summary>The schema's key under components.schemas, or the key of <paramref name="member"/> in its <c>properties</c> when there is one.</summary>
    private LocationInfo LocateSchema(string schemaName, string? member = null)
    {
        var keys = SchemaKeys();
        if (!keys.TryGetValue(schemaName, out var at))
        {
            return new LocationInfo(_specPath, 0, 0, 0, 0);
        }

        int start = at.Key, length = Encoding.UTF8.GetByteCount(schemaName) + 2;
        if (member is not null)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_utf8!, at.Value, _utf8!.Length - at.Value), isFinalBlock: false, default);
            try
            {
                if (reader.Read() && FindProperty(ref reader, "properties") && reader.Read() && FindProperty(ref reader, member))
                {
                    start = at.Value + (int)reader.TokenStartIndex;
                    length = Encoding.UTF8.GetByteCount(member) + 2;
                }
            }
            catch (JsonException)
            {
                // Located at the schema instead.
            }
        }

        return ToLocation(start, length);
    }

    /// <summary>Byte offsets of every key under components.schemas and of its value, read once per document.</summary>
    private Dictionary<string, (int Key, int Value)> SchemaKeys()
    {
        if (_schemaKeys is not null)
        {
            return _schemaKeys;
        }

        _utf8 = Encoding.UTF8.GetBytes(_text);
        _schemaKeys = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { MaxDepth = 512 });
        try
        {
            if (reader.Read() && FindProperty(ref reader, "components") && reader.Read() && FindProperty(ref reader, "schemas") && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    int key = (int)reader.TokenStartIndex;
                    reader.Read();
                    if (!_schemaKeys.ContainsKey(name))
                    {
                        _schemaKeys[name] = (key, (int)reader.TokenStartIndex);
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // The document parsed as a whole before; a reader failure only costs the precise location.
        }

        return _schemaKeys;
    }

    /// <summary>With the reader on an object's start, moves it to the property name <paramref name="name"/> (the value is next).</summary>
    private static bool FindProperty(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }

            reader.Read();
            if (!reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Line and UTF-16 column of a UTF-8 byte offset.</summary>
    private LocationInfo ToLocation(int byteOffset, int byteLength)
    {
        int line = 0, lineStart = 0, end = Math.Min(byteOffset, _utf8!.Length);
        for (int i = 0; i < end; i++)
        {
            if (_utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        int column = Encoding.UTF8.GetCharCount(_utf8, lineStart, end - lineStart);
        int chars = Encoding.UTF8.GetCharCount(_utf8!, byteOffset, Math.Min(byteLength, _utf8!.Length - byteOffset));
        return new LocationInfo(_specPath, line, column, line, column + chars);
    }
}
