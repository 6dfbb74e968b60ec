using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Protocols.Core;

namespace Protocols.Dtos.Tests;

/// <summary>
/// <see cref="JsonWrite.String"/> (what the generated writers call for every string) writes exactly the bytes
/// <see cref="Utf8JsonWriter.WriteStringValue(string)"/> writes, whatever the text, the position and the options.
/// </summary>
/// <remarks>
/// Run alone (<see cref="JsonWriteMemoCollection"/>): some tests check which texts the process-wide table of kept
/// escaped text holds, which other tests writing long text at the same time would change.
/// </remarks>
[Collection(nameof(JsonWriteMemoCollection))]
public sealed class JsonWriteTests
{
    // Pieces chosen for what the escaping distinguishes: plain text, the two escaped ASCII characters, every C0 control,
    // DEL and a C1 control, two- and three-byte characters, U+2028, U+FEFF, U+FFFD, a surrogate pair, unpaired surrogates.
    private static readonly string[] Pieces =
    [
        "plain text ", "You are Claude Code. ", "<html>&amp;'", "\"", "\\", "\n", "\r\n", "\t", "\b", "\f", "\u0000", "\u001b", "\u001f",
        "\u007f", "\u0085", "é", "naïve → ✓ ", "日本語", "\u2028", "\ufeff", "\ufffd", "😀", "\ud83d", "\ude00", "{\"json\": [1, 2]}",
        new string('x', 300), "line one\nline two\n\tindented \"quoted\" \\path\\",
    ];

    public static TheoryData<string> Options() => ["relaxed", "relaxed-indented", "default", "relaxed-validated"];

    [Theory]
    [MemberData(nameof(Options))]
    public void RandomTexts_AreWrittenByteForByteAsTheWriterWritesThem(string options)
    {
        var random = new Random(20261122);
        for (int i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            int pieces = random.Next(0, i % 10 == 0 ? 400 : 40);
            for (int p = 0; p < pieces; p++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            AssertSame(text.ToString(), WriterOptions(options));
        }
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void EveryCharacterOfTheBmp_InLongText_IsWrittenAsTheWriterWritesIt(string options)
    {
        var prefix = new string('a', 200) + "\n";
        for (int c = 0; c <= char.MaxValue; c += 7)
        {
            AssertSame(prefix + (char)c + "\"tail\n", WriterOptions(options));
        }
    }

    [Fact]
    public void LongTextThatNeedsEscaping_TakesTheFastPath_AndReadsBack()
    {
        // Every byte a control character: the longest escaped form (six bytes per byte) in one value.
        var text = new string('\u0001', 5000) + string.Concat(Enumerable.Repeat("a \"line\"\n", 2000));
        var json = Write(text, JsonModel.WriterOptions, w => JsonWrite.String(w, text));
        Assert.Equal(json, Write(text, JsonModel.WriterOptions, w => w.WriteStringValue(text)));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(text, document.RootElement[0].GetProperty("p").GetString());
    }

    [Fact]
    public void TheFastPath_TakesLongTextWithAsciiEscapes_AndLeavesEverythingElseToTheWriter()
    {
        var prompt = string.Concat(Enumerable.Repeat("You are Claude Code. Use \"tools\" when asked.\n\t- naïve → ✓\n", 20));
        var controls = new string('\u0001', 200);
        foreach (var text in new[] { prompt, controls })
        {
            Assert.True(Fast(text, JsonModel.WriterOptions), "not the fast path: " + text[..40]);
        }

        string[] others =
        [
            "short \"text\"\n",                                  // under 128 characters
            new string('x', 300),                                  // nothing to escape
            prompt + "😀",                                          // escaped beyond ASCII (outside the BMP)
            prompt + "\u007f",                                     // DEL
            prompt + "\ud800",                                     // an unpaired surrogate
        ];
        foreach (var text in others)
        {
            Assert.False(Fast(text, JsonModel.WriterOptions), "fast path taken: " + text[^10..]);
        }

        Assert.False(Fast(prompt, WriterOptions("relaxed-indented")));
        Assert.False(Fast(prompt, WriterOptions("default")));
    }

    [Fact]
    public void LongTextWrittenAgain_IsWrittenFromTheBytesKeptForIt_ByteForByte()
    {
        var prompt = string.Concat(Enumerable.Repeat("You are Claude Code. Use \"tools\" when asked.\n\t- naïve → ✓\n", 40));
        Assert.InRange(prompt.Length, JsonWrite.MemoMin, JsonWrite.MemoMax);
        var expected = Write(prompt, JsonModel.WriterOptions, w => w.WriteStringValue(prompt));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected, Write(prompt, JsonModel.WriterOptions, w => JsonWrite.String(w, prompt)));
        }

        // Kept from its second sighting on (Write writes it twice), by identity: an equal copy is escaped as any text is.
        Assert.True(JsonWrite.IsKept(prompt));
        var copy = new string(prompt.AsSpan());
        Assert.False(JsonWrite.IsKept(copy));
        Assert.Equal(expected, Write(copy, JsonModel.WriterOptions, w => JsonWrite.String(w, copy)));

        // Other writers never take the kept bytes: raw values are not indented, other encoders escape otherwise.
        foreach (var options in new[] { "relaxed-indented", "default" })
        {
            AssertSame(prompt, WriterOptions(options));
        }

        // Short text, and text past the bound, are not kept.
        var huge = string.Concat(Enumerable.Repeat("line \"x\"\n", (JsonWrite.MemoMax / 9) + 1));
        Assert.True(huge.Length > JsonWrite.MemoMax);
        AssertSame(huge, JsonModel.WriterOptions);
        Assert.False(JsonWrite.IsKept(huge));
        var shortText = new string('a', JsonWrite.MemoMin - 2) + "\n";
        AssertSame(shortText, JsonModel.WriterOptions);
        Assert.False(JsonWrite.IsKept(shortText));
    }

    [Fact]
    public void AKeptTextWrittenAgain_IsNotEvictedByOneOffTexts_ButAForgottenOneIs()
    {
        var prompt = "system prompt\n" + new string('p', JsonWrite.MemoMin);
        int slot = RuntimeHelpers.GetHashCode(prompt) & (JsonWrite.MemoSlots - 1);
        string OneOffInTheSameSlot(string end = "\n")
        {
            while (true)
            {
                var text = $"new message {Guid.NewGuid()}{end}" + new string('m', JsonWrite.MemoMin);
                if ((RuntimeHelpers.GetHashCode(text) & (JsonWrite.MemoSlots - 1)) == slot)
                {
                    return text;
                }
            }
        }

        var expected = Write(prompt, JsonModel.WriterOptions, w => w.WriteStringValue(prompt));
        Assert.Equal(expected, Write(prompt, JsonModel.WriterOptions, w => JsonWrite.String(w, prompt)));
        Assert.True(JsonWrite.IsKept(prompt));

        // Every turn: a new message once, the prompt again — the prompt stays kept.
        for (int turn = 0; turn < 5; turn++)
        {
            JsonWrite.String(new Utf8JsonWriter(new ArrayBufferWriter<byte>(), JsonModel.WriterOptions), OneOffInTheSameSlot());
            Assert.True(JsonWrite.IsKept(prompt), $"turn {turn}");
            Assert.Equal(expected, Write(prompt, JsonModel.WriterOptions, w => JsonWrite.String(w, prompt)));
        }

        // Long text with nothing to escape is the writer's own: it never asks for the slot.
        for (int i = 0; i < 3; i++)
        {
            var plain = OneOffInTheSameSlot(end: " ");
            AssertSame(plain, JsonModel.WriterOptions);
            Assert.True(JsonWrite.IsKept(prompt), $"plain text {i}");
        }

        // Not written any more: the second newcomer takes the slot.
        JsonWrite.String(new Utf8JsonWriter(new ArrayBufferWriter<byte>(), JsonModel.WriterOptions), OneOffInTheSameSlot());
        JsonWrite.String(new Utf8JsonWriter(new ArrayBufferWriter<byte>(), JsonModel.WriterOptions), OneOffInTheSameSlot());
        Assert.False(JsonWrite.IsKept(prompt));
        Assert.Equal(expected, Write(prompt, JsonModel.WriterOptions, w => JsonWrite.String(w, prompt)));
    }

    [Fact]
    public void ManyLongTexts_WrittenAgainFromManyThreads_AreEachWrittenAsTheWriterWritesThem()
    {
        // More texts than the table has slots, so they evict one another while threads write them.
        var texts = Enumerable.Range(0, 100)
            .Select(i => $"text {i}: " + string.Concat(Enumerable.Repeat($"row {i} \"q\"\t\\\n", 120 + i)))
            .ToArray();
        var expected = texts.Select(t => Write(t, JsonModel.WriterOptions, w => w.WriteStringValue(t))).ToArray();
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            int i = (n * 7) % texts.Length;
            var actual = Write(texts[i], JsonModel.WriterOptions, w => JsonWrite.String(w, texts[i]));
            Assert.True(expected[i].AsSpan().SequenceEqual(actual), $"text {i}");
        });
        Assert.Contains(texts, JsonWrite.IsKept);
    }

    private static bool Fast(string text, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, options);
        bool taken = JsonWrite.TryWriteEscaped(writer, text);
        writer.Flush();
        Assert.Equal(taken, buffer.WrittenCount > 0);
        if (taken)
        {
            Assert.Equal(text, JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetString());
        }

        return taken;
    }

    // As the writer writes it; a text holding half a surrogate pair as the writer writes the runs between the halves,
    // each half as its escape (the writer would write U+FFFD and lose it).
    private static void AssertSame(string text, JsonWriterOptions options)
    {
        var expected = JsonWrite.LoneSurrogateAt(text) < 0
            ? Write(text, options, w => w.WriteStringValue(text))
            : Write(text, options, w => w.WriteRawValue(HalvesKept(text, options), skipInputValidation: true));
        var actual = Write(text, options, w => JsonWrite.String(w, text));
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            int at = expected.AsSpan().CommonPrefixLength(actual);
            Assert.Fail($"at {at}: {Encoding.UTF8.GetString(expected.AsSpan(Math.Max(0, at - 20), Math.Min(60, expected.Length - Math.Max(0, at - 20))))} vs {Encoding.UTF8.GetString(actual.AsSpan(Math.Max(0, at - 20), Math.Min(60, actual.Length - Math.Max(0, at - 20))))}; different bytes for {JsonSerializer.Serialize(text)[..Math.Min(200, text.Length)]}:\n{Encoding.UTF8.GetString(expected)}\n{Encoding.UTF8.GetString(actual)}");
        }
    }

    private static string HalvesKept(string text, JsonWriterOptions options)
    {
        var json = new StringBuilder("\"");
        var run = new StringBuilder();
        for (int i = 0; i <= text.Length; i++)
        {
            bool pair = i + 1 < text.Length && char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]);
            if (i < text.Length && (pair || !char.IsSurrogate(text[i])))
            {
                run.Append(text[i]);
                if (pair)
                {
                    run.Append(text[++i]);
                }

                continue;
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStringValue(run.ToString());
            }

            json.Append(Encoding.UTF8.GetString(buffer.WrittenSpan[1..^1]));
            run.Clear();
            if (i < text.Length)
            {
                json.Append("\\u").Append(((int)text[i]).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return json.Append('"').ToString();
    }

    // The value as a property, an array element after another, and a top-level string in a second document.
    private static byte[] Write(string text, JsonWriterOptions options, Action<Utf8JsonWriter> value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WritePropertyName("p");
            value(writer);
            writer.WriteEndObject();
            writer.WriteStringValue("before");
            value(writer);
            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonWriterOptions WriterOptions(string name) => name switch
    {
        "relaxed" => JsonModel.WriterOptions,
        "relaxed-indented" => new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, SkipValidation = true },
        "relaxed-validated" => new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
        _ => default,
    };
}

/// <summary>Tests that observe <see cref="JsonWrite"/>'s table of kept text: not run beside other tests.</summary>
[CollectionDefinition(nameof(JsonWriteMemoCollection), DisableParallelization = true)]
public sealed class JsonWriteMemoCollection;
