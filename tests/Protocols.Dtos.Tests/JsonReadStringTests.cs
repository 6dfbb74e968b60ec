using System.Text;
using System.Text.Json;
using Protocols.Core;

namespace Protocols.Dtos.Tests;

/// <summary><see cref="JsonRead.String"/>: the same text as the reader's own <c>GetString</c>, with short values shared.</summary>
public sealed class JsonReadStringTests
{
    [Theory]
    [InlineData("\"chatcmpl-8f2a\"")]
    [InlineData("\"a\"")]
    [InlineData("\"\"")]
    [InlineData("\"caf\\u00e9\"")]
    [InlineData("\"line\\nbreak\"")]
    [InlineData("\"café\"")]
    [InlineData("\"日本語のテキスト\"")]
    [InlineData("\"\\ud83d\\ude00 smile\"")]
    [InlineData("\"exactly forty-eight bytes long, no escapes here.\"")]
    [InlineData("\"forty-nine bytes long, one more than the limit...\"")]
    public void Reads_the_same_text_as_GetString(string json)
    {
        Assert.Equal(Expected(json), Read(json));
        Assert.Equal(Expected(json), Read(json));
    }

    [Fact]
    public void Random_values_read_like_GetString_even_when_slots_collide()
    {
        // 5,000 values over a 64-slot table: every slot is overwritten many times; repeats come back equal.
        var random = new Random(7);
        var values = new List<string>();
        for (var i = 0; i < 5_000; i++)
        {
            var length = random.Next(0, 60);
            var chars = new char[length];
            for (var j = 0; j < length; j++)
            {
                chars[j] = random.Next(10) == 0 ? (char)random.Next(0x80, 0x800) : (char)random.Next(0x20, 0x7F);
            }

            values.Add(new string(chars));
        }

        foreach (var value in values.Concat(values.Take(500)).Concat(values.Take(64)))
        {
            var json = JsonSerializer.Serialize(value);
            Assert.Equal(value, Read(json));
        }
    }

    [Theory]
    [InlineData("\"gpt-4o-mini-2024-07-18\"")]
    [InlineData("\"a\"")]
    [InlineData("\"exactly forty-eight bytes long, no escapes here.\"")]
    public void A_repeated_short_ascii_value_is_the_same_instance(string json)
    {
        Assert.Same(Read(json), Read(json));
    }

    [Theory]
    [InlineData("\"line\\nbreak\"")]
    [InlineData("\"café\"")]
    [InlineData("\"forty-nine bytes long, one more than the limit...\"")]
    public void Escaped_non_ascii_and_long_values_are_new_strings(string json)
    {
        Assert.NotSame(Read(json), Read(json));
    }

    [Fact]
    public void A_value_split_across_segments_reads_like_GetString()
    {
        var reader = AtSplitValue("{\"id\":\"chatcmpl-split-across\"}", 12);
        Assert.Equal("chatcmpl-split-across", JsonRead.String(ref reader));
    }

    // (Test arguments cannot hold half a pair — they are serialized as UTF-8 — so the cases are a list, not a theory.)
    private static readonly (string Json, string Expected)[] SurrogateHalves =
    [
        ("\"x\\ud83d\"", "x\ud83d"),
        ("\"\\ude00y\"", "\ude00y"),
        ("\"\\ud83d\"", "\ud83d"),
        ("\"caf\u00e9 \\n\\t\\\"q\\\" \\\\ \\/ \\b\\f\\r \\u00e9 \\ud83d\\ude00 \\udc00\\ud800\"", "café \n\t\"q\" \\ / \b\f\r é 😀 \udc00\ud800"),
    ];

    [Fact]
    public void Half_a_surrogate_pair_is_kept_as_that_half()
    {
        foreach (var (json, expected) in SurrogateHalves)
        {
            // Valid JSON the reader's GetString refuses (not valid UTF-16): a JavaScript server slicing text sends it.
            Assert.Throws<InvalidOperationException>(() => Expected(json));
            Assert.Equal(expected, Read(json));
        }
    }

    [Fact]
    public void Escaped_text_that_is_not_UTF8_is_still_refused_as_the_reader_refuses_it()
    {
        // Only half a surrogate pair is kept; invalid UTF-8 between escapes stays an error.
        byte[] json = [(byte)'"', (byte)'\\', (byte)'n', 0xFF, (byte)'a', (byte)'"'];
        Assert.Throws<InvalidOperationException>(() => Expected(json));
        Assert.Throws<InvalidOperationException>(() =>
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return JsonRead.String(ref reader);
        });
        Assert.Null(JsonRead.UnescapeKeepingSurrogateHalves(json.AsSpan(1, json.Length - 2)));
    }

    [Fact]
    public void Half_a_surrogate_pair_in_an_element_is_kept()
    {
        foreach (var (json, expected) in SurrogateHalves)
        {
            using var document = JsonDocument.Parse(json);
            Assert.Throws<InvalidOperationException>(() => document.RootElement.GetString());
            Assert.Equal(expected, JsonRead.StringOf(document.RootElement));
        }

        using var plain = JsonDocument.Parse("\"caf\\u00e9\"");
        Assert.Equal("café", JsonRead.StringOf(plain.RootElement));
        using var number = JsonDocument.Parse("1");
        Assert.Throws<InvalidOperationException>(() => JsonRead.StringOf(number.RootElement));
    }

    [Fact]
    public void Half_a_surrogate_pair_split_across_segments_is_kept()
    {
        var reader = AtSplitValue("{\"t\":\"ab\\ud83dcd\"}", 9);
        Assert.Equal("ab\ud83dcd", JsonRead.String(ref reader));
    }

    [Fact]
    public void A_non_string_token_is_refused()
    {
        var reader = new Utf8JsonReader("12"u8);
        reader.Read();
        try
        {
            JsonRead.String(ref reader);
            Assert.Fail("expected an error");
        }
        catch (ProtocolJsonException e)
        {
            Assert.EndsWith("expected string, found number", e.Message, StringComparison.Ordinal);
        }
    }

    // A reader over {"name":"value"} in two segments cut at `split`, at the value (which spans both).
    private static Utf8JsonReader AtSplitValue(string json, int split)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var first = new Segment(bytes.AsMemory(0, split));
        var last = first.Append(bytes.AsMemory(split));
        var reader = new Utf8JsonReader(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        reader.Read();
        reader.Read();
        reader.Read();
        Assert.True(reader.HasValueSequence);
        return reader;
    }

    private static string Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return JsonRead.String(ref reader);
    }

    private static string Expected(string json) => Expected(Encoding.UTF8.GetBytes(json));

    private static string Expected(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.GetString()!;
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
