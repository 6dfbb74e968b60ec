using System.Text;

namespace Protocols.SpecTool.Specs;

/// <summary>Maps byte offsets of a UTF-8 JSON text to 1-based line and column numbers.</summary>
internal sealed class JsonText
{
    private readonly byte[] _bytes;
    private readonly int[] _lineStarts;

    public JsonText(byte[] bytes)
    {
        _bytes = bytes;
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    /// <summary>Line and column (both 1-based, column in characters) of a byte offset.</summary>
    public TextPosition PositionOf(long offset)
    {
        var index = Array.BinarySearch(_lineStarts, (int)Math.Min(offset, _bytes.Length));
        var line = index >= 0 ? index : ~index - 1;
        return At(line, offset - _lineStarts[line]);
    }

    /// <summary>Position from a 0-based line and a 0-based byte position in that line (what <see cref="System.Text.Json.JsonException"/> reports).</summary>
    public TextPosition At(long zeroBasedLine, long bytePositionInLine)
    {
        var line = (int)Math.Clamp(zeroBasedLine, 0, _lineStarts.Length - 1);
        var start = _lineStarts[line];
        var length = (int)Math.Clamp(bytePositionInLine, 0, _bytes.Length - start);
        // Columns count characters, not bytes, so that editors land on the right spot.
        var column = Encoding.UTF8.GetCharCount(_bytes, start, length) + 1;
        return new TextPosition(line + 1, column);
    }
}

/// <summary>A 1-based line and column in a text file.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
