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
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"chatcmpl-split-across\"}");
        var first = new Segment(bytes.AsMemory(0, 12));
        var last = first.Append(bytes.AsMemory(12));
        var reader = new Utf8JsonReader(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        reader.Read();
        reader.Read();
        reader.Read();
        Assert.True(reader.HasValueSequence);
        Assert.Equal("chatcmpl-split-across", JsonRead.String(ref reader));
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

    private static string Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return JsonRead.String(ref reader);
    }

    private static string Expected(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
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
