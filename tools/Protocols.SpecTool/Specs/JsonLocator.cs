using System.Text.Json;

namespace Protocols.SpecTool.Specs;

/// <summary>
/// Finds where JSON Pointers land in the source text. One forward pass of <see cref="Utf8JsonReader"/>
/// (the DOM keeps no positions); a pointer to something absent (e.g. the missing <c>info.version</c>)
/// resolves to its deepest existing ancestor, which is where a reader of the file should look.
/// </summary>
internal static class JsonLocator
{
    public static IReadOnlyDictionary<string, TextPosition> Locate(byte[] utf8, JsonText text, IEnumerable<string> pointers)
    {
        var wanted = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var pointer in pointers.Distinct(StringComparer.Ordinal))
        {
            if (pointer.StartsWith('#'))
            {
                wanted[pointer] = [.. JsonPointer.Tokens(pointer)];
            }
        }

        if (wanted.Count == 0)
        {
            return new Dictionary<string, TextPosition>();
        }

        // Every prefix of every wanted pointer, as a token path joined with '\0'.
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tokens in wanted.Values)
        {
            for (var i = 0; i <= tokens.Length; i++)
            {
                prefixes.Add(string.Join('\0', tokens.Take(i)));
            }
        }

        var found = new Dictionary<string, long>(StringComparer.Ordinal) { [""] = 0 };
        var path = new List<string>();
        var frames = new Stack<(bool IsArray, int Index)>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1024 });
        var pendingProperty = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    path.Add(reader.GetString()!);
                    pendingProperty = true;
                    Record(path, reader.TokenStartIndex);
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    EndValue();
                    continue;
            }

            // A value starts: array elements get their index pushed on the path.
            if (!pendingProperty && frames.Count > 0 && frames.Peek().IsArray)
            {
                var frame = frames.Pop();
                frames.Push((true, frame.Index + 1));
                path.Add((frame.Index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                Record(path, reader.TokenStartIndex);
            }

            pendingProperty = false;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Push((reader.TokenType == JsonTokenType.StartArray, -1));
            }
            else
            {
                EndValue();
            }
        }

        var result = new Dictionary<string, TextPosition>(StringComparer.Ordinal);
        foreach (var (pointer, tokens) in wanted)
        {
            for (var i = tokens.Length; i >= 0; i--)
            {
                if (found.TryGetValue(string.Join('\0', tokens.Take(i)), out var offset))
                {
                    result[pointer] = text.PositionOf(offset);
                    break;
                }
            }
        }

        return result;

        void Record(List<string> current, long offset)
        {
            var key = string.Join('\0', current);
            if (prefixes.Contains(key))
            {
                found.TryAdd(key, offset);
            }
        }

        // After a complete value, drop its token (property name or array index) from the path:
        // inside a container at depth d the path holds d - 1 tokens.
        void EndValue()
        {
            if (path.Count > 0 && path.Count >= frames.Count)
            {
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
