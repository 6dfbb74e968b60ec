using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>C76: the input-token estimate behind <c>count_tokens</c> (and <c>message_start</c> usage, C53).</summary>
public sealed class TokenEstimatorTests
{
    private const string Base = """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""";

    public static TheoryData<string, string> Additions => new()
    {
        { "system", """{"model":"m","max_tokens":10,"system":"You are a careful reviewer.","messages":[{"role":"user","content":"Hi"}]}""" },
        { "tools", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"tools":[{"name":"get_weather","description":"Get the weather","input_schema":{"type":"object","properties":{"location":{"type":"string"}}}}]}""" },
        { "text", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Please review this change."}]}]}""" },
        { "tool_use", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read","input":{"file_path":"/a/b.txt"}}]}]}""" },
        { "tool_result", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"tool_result","tool_use_id":"t1","content":"file contents here"}]}]}""" },
        { "image", $$$"""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{Convert.ToBase64String(Png(400, 300))}}}"}}]}]}""" },
        { "image_url", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]}""" },
        { "document", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"document","source":{"type":"text","media_type":"text/plain","data":"Quarterly numbers went up."}}]}]}""" },
        { "pdf", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"},{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjcKMSAwIG9iago8PC9UeXBlIC9QYWdlPj4KZW5kb2JqCg=="}}]}]}""" },
        { "thinking", """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"thinking","thinking":"The user greets me.","signature":"s"},{"type":"text","text":"Hello"}]}]}""" },
    };

    [Theory]
    [MemberData(nameof(Additions))]
    public void C76_EachKindOfContent_IncreasesTheEstimate(string kind, string request)
    {
        long baseline = TokenEstimator.Estimate(AnthropicRequestReader.Parse(Encoding.UTF8.GetBytes(Base)));
        long estimate = TokenEstimator.Estimate(AnthropicRequestReader.Parse(Encoding.UTF8.GetBytes(request)));
        Assert.True(estimate > baseline, $"{kind}: {estimate} is not more than {baseline}");

        // The count_tokens body (no max_tokens) counts the same.
        var countBody = request.Replace("\"max_tokens\":10,", string.Empty, StringComparison.Ordinal);
        Assert.Equal(estimate, TokenEstimator.Estimate(AnthropicRequestReader.ParseCountTokens(Encoding.UTF8.GetBytes(countBody))));
    }

    [Fact]
    public void C76_AnthropicsPublishedExamples_CountedClosely()
    {
        // Anthropic's token-counting guide: system "You are a scientist" + "Hello, Claude" → 14.
        var basic = AnthropicRequestReader.ParseCountTokens("""
            {"model":"claude-sonnet-4-5","system":"You are a scientist","messages":[{"role":"user","content":"Hello, Claude"}]}
            """u8);
        Assert.Equal(14, TokenEstimator.Estimate(basic));

        // …and the get_weather tool with "What's the weather like in San Francisco?" → 403.
        var tools = AnthropicRequestReader.ParseCountTokens("""
            {"model":"claude-sonnet-4-5","tools":[{"name":"get_weather","description":"Get the current weather in a given location",
             "input_schema":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"}},"required":["location"]}}],
             "messages":[{"role":"user","content":"What's the weather like in San Francisco?"}]}
            """u8);
        Assert.InRange(TokenEstimator.Estimate(tools), 403 * 0.9, 403 * 1.1);
    }

    [Fact]
    public void C76_Text_AboutFourCharactersPerTokenForEnglish_OnePerCjkCharacter()
    {
        const string English = "The quick brown fox jumps over the lazy dog while the cat watches from the fence.";
        Assert.InRange(TokenEstimator.EstimateText(English), English.Length / 5, English.Length / 3);

        const string Chinese = "今天天气很好我们去公园散步吧";
        Assert.InRange(TokenEstimator.EstimateText(Chinese), Chinese.Length * 0.9, Chinese.Length * 1.1);
        Assert.Equal(TokenEstimator.EstimateText(Chinese), TokenEstimator.EstimateUtf8(Encoding.UTF8.GetBytes(Chinese)));
        Assert.Equal(TokenEstimator.EstimateText(English), TokenEstimator.EstimateUtf8(Encoding.UTF8.GetBytes(English)));
        Assert.Equal(0, TokenEstimator.EstimateText(string.Empty));
    }

    [Fact]
    public void C76_TextEstimate_SameForCharsAndUtf8_AndNeverShrinksWhenTextGrows()
    {
        // Mixed ASCII, Latin, CJK and emoji in runs long enough to take the vector path and cross its blocks.
        var pieces = Gen.Elements("lorem ", "ipsum, ", "{\"a\":1}", "\n", "\t", "é", "ü", "数据", "ｶﾀ", "😀", "   ", "x", "\u0001");
        var texts = pieces.ArrayOf().Select(p => string.Concat(p));

        Prop.ForAll(texts.ToArbitrary(), texts.ToArbitrary(), (a, b) =>
            TokenEstimator.EstimateText(a) == TokenEstimator.EstimateUtf8(Encoding.UTF8.GetBytes(a))
            && TokenEstimator.EstimateText(a + b) >= TokenEstimator.EstimateText(a)
            && TokenEstimator.EstimateText(a + b) <= TokenEstimator.EstimateText(a) + TokenEstimator.EstimateText(b)).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("png", 1000, 1000, 1334)]
    [InlineData("png", 200, 200, 54)]
    [InlineData("jpeg", 800, 600, 640)]
    [InlineData("gif", 100, 50, 7)]
    [InlineData("webp", 1092, 1092, 1590)]
    [InlineData("png", 4000, 3000, 1600)]
    public void C76_ImageTokens_WidthTimesHeightOver750_SizeReadFromTheHeader(string format, int width, int height, long tokens)
    {
        byte[] image = format switch
        {
            "png" => Png(width, height),
            "jpeg" => Jpeg(width, height),
            "gif" => Gif(width, height),
            _ => WebP(width, height),
        };
        var base64 = Convert.ToBase64String(image);
        Assert.True(TokenEstimator.TryGetImageSize(base64, out int w, out int h));
        Assert.Equal((width, height), (w, h));
        Assert.Equal(tokens, TokenEstimator.EstimateImage(new Protocols.Anthropic.Base64ImageSource { Data = base64, MediaType = "image/" + format }));
    }

    [Fact]
    public void C76_UnreadableImage_CountsTheFallback()
    {
        Assert.False(TokenEstimator.TryGetImageSize(Convert.ToBase64String(Encoding.ASCII.GetBytes("not an image at all, really not")), out _, out _));
        Assert.Equal(TokenEstimator.FallbackImageTokens, TokenEstimator.EstimateImage(new Protocols.Anthropic.URLImageSource { Url = "https://example.com/x.png" }));
    }

    [Fact]
    public void C76_Pdf_CountsPages()
    {
        var twoPages = Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.7\n<</Type /Pages /Count 2>>\n<</Type /Page>>\n<</Type/Page>>\n%%EOF"));
        Assert.Equal(2 * TokenEstimator.PdfPageTokens, TokenEstimator.EstimatePdf(twoPages));
    }

    [Theory]
    [InlineData("request-1-first-turn.json")]
    [InlineData("request-2-parallel-tools-round-trip.json")]
    public void C76_ClaudeCodeFixture_EstimateInASaneRange(string file)
    {
        var body = RequestCases.ClaudeCodeBody(file);
        var request = AnthropicRequestReader.Parse(body);
        long estimate = TokenEstimator.Estimate(request);

        // ~49 KB of mostly Latin filler and JSON schemas: between 2 and 6 bytes per token.
        Assert.InRange(estimate, body.Length / 6, body.Length / 2);

        // The translation records the same estimate for message_start (C53).
        var context = new RequestContext(new TranslationOptions());
        RequestTranslator.Translate(request, context);
        Assert.Equal(estimate, context.State.EstimatedInputTokens);
    }

    [Fact]
    public void C76_ClaudeCodeRoundTrip_CountsMoreThanTheFirstTurn()
    {
        long first = TokenEstimator.Estimate(AnthropicRequestReader.Parse(RequestCases.ClaudeCodeBody("request-1-first-turn.json")));
        long second = TokenEstimator.Estimate(AnthropicRequestReader.Parse(RequestCases.ClaudeCodeBody("request-2-parallel-tools-round-trip.json")));
        Assert.True(second > first, $"{second} vs {first}");
    }

    private static byte[] Png(int width, int height)
    {
        var b = new byte[33];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(b, 0);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(20), height);
        return b;
    }

    private static byte[] Jpeg(int width, int height)
    {
        var b = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
        b.AddRange(Encoding.ASCII.GetBytes("JFIF\0"));
        b.AddRange(new byte[9]);
        b.AddRange(new byte[] { 0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00 });
        b.AddRange(new byte[] { 0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03 });
        b.AddRange(new byte[16]);
        return [.. b];
    }

    private static byte[] Gif(int width, int height)
    {
        var b = new byte[32];
        Encoding.ASCII.GetBytes("GIF89a").CopyTo(b, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)height);
        return b;
    }

    private static byte[] WebP(int width, int height)
    {
        var b = new byte[40];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(b, 0);
        Encoding.ASCII.GetBytes("WEBPVP8X").CopyTo(b, 8);
        int w = width - 1, h = height - 1;
        b[24] = (byte)w;
        b[25] = (byte)(w >> 8);
        b[26] = (byte)(w >> 16);
        b[27] = (byte)h;
        b[28] = (byte)(h >> 8);
        b[29] = (byte)(h >> 16);
        return b;
    }
}
