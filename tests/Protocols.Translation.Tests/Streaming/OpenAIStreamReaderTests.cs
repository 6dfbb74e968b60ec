using System.Text;
using Xunit;

namespace Protocols.Translation.Tests.Streaming;

/// <summary>Reading the upstream SSE body (C68, C69, C72) with <see cref="OpenAIStreamReader"/>.</summary>
public sealed class OpenAIStreamReaderTests
{
    private const string First = """{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Grüße, 世界 🎉"},"finish_reason":null}]}""";
    private const string Second = """{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" ✓"},"finish_reason":"stop"}]}""";

    [Fact]
    public async Task C68_Done_IsADoneItem_AndEndsTheRead()
    {
        var items = await ReadAllAsync($"data: {First}\n\ndata: [DONE]\n\ndata: {Second}\n\n");
        Assert.Equal(2, items.Count);
        Assert.NotNull(items[0].Chunk);
        Assert.True(items[1].Done);
        Assert.Null(items[1].Chunk);
    }

    [Theory]
    [InlineData("lf")]
    [InlineData("crlf")]
    [InlineData("cr")]
    [InlineData("no-space")]
    [InlineData("comments")]
    [InlineData("keep-alive-events")]
    public async Task C69_SseFraming_ParsedCorrectly(string variant)
    {
        var sse = variant switch
        {
            "lf" => $"data: {First}\n\ndata: {Second}\n\ndata: [DONE]\n\n",
            "crlf" => $"data: {First}\r\n\r\ndata: {Second}\r\n\r\ndata: [DONE]\r\n\r\n",
            "cr" => $"data: {First}\r\rdata: {Second}\r\rdata: [DONE]\r\r",
            "no-space" => $"data:{First}\n\ndata:{Second}\n\ndata:[DONE]\n\n",
            "comments" => $": OPENROUTER PROCESSING\n\n: keep-alive\ndata: {First}\n\n:ping\n\ndata: {Second}\n\ndata: [DONE]\n\n",
            _ => $"event: message\nid: 1\nretry: 1000\ndata: {First}\n\ndata:\n\n\n\ndata: {Second}\n\ndata: [DONE]\n\n",
        };

        // Every read size from 1 byte (UTF-8 characters and CRLF pairs split across reads) to the whole body.
        foreach (int[] sizes in new int[][] { [1], [2], [3], [1, 2, 3], [7, 1], [int.MaxValue] })
        {
            var run = await StreamHarness.RunSseAsync(Encoding.UTF8.GetBytes(sse), readSizes: sizes);
            Assert.Equal("Grüße, 世界 🎉 ✓", run.Result.Text("text"));
            Assert.Equal("message_stop", run.Names[^1]);
        }
    }

    [Fact]
    public async Task C69_DataSplitOverSeveralDataLines_Joined()
    {
        // SSE joins the data lines of one event with \n: JSON whitespace, so the chunk still parses.
        var sse = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\ndata: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        var run = await StreamHarness.RunSseAsync(Encoding.UTF8.GetBytes(sse), readSizes: [2]);
        Assert.Equal("ok", run.Result.Text("text"));
    }

    [Fact]
    public async Task C69_MultiByteUtf8SplitAcrossEveryReadBoundary()
    {
        var text = "é漢🎉𝄞ж";
        var chunk = $$"""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"{{text}}"},"finish_reason":"stop"}]}""";
        var bytes = Encoding.UTF8.GetBytes($"data: {chunk}\n\ndata: [DONE]\n\n");
        for (int size = 1; size <= 5; size++)
        {
            var run = await StreamHarness.RunSseAsync(bytes, readSizes: [size]);
            Assert.Equal(text, run.Result.Text("text"));
        }
    }

    [Fact]
    public async Task ErrorData_IsAnErrorItem()
    {
        var items = await ReadAllAsync($"data: {First}\n\ndata: {{\"error\":{{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":503}}}}\n\n");
        Assert.Equal(2, items.Count);
        var error = items[1].Error!;
        Assert.Equal("overloaded", error.Error.Message);
        Assert.Equal("503", error.Error.Code);

        var named = await ReadAllAsync("event: error\ndata: upstream exploded\n\n");
        Assert.Equal("upstream exploded", Assert.Single(named).Error!.Error.Message);
    }

    [Fact]
    public async Task MalformedChunk_ThrowsBadUpstream()
    {
        var e = await Assert.ThrowsAsync<TranslationException>(() => ReadAllAsync($"data: {First}\n\ndata: {{\"choices\": [\n\n"));
        Assert.Equal(502, e.Status);
        Assert.Equal("api_error", e.ErrorType);

        // Through the harness (as the proxy does): the text so far, then an error event.
        var run = await StreamHarness.RunSseAsync(Encoding.UTF8.GetBytes($"data: {First}\n\ndata: not json\n\n"));
        Assert.Equal("error", run.Names[^1]);
        Assert.Equal("Grüße, 世界 🎉", run.Result.Text("text"));
    }

    [Fact]
    public async Task C72_Cancellation_StopsReadingUpstream()
    {
        using var cts = new CancellationTokenSource();
        await using var body = new NeverEndingStream(Encoding.UTF8.GetBytes($"data: {First}\n\n"));
        var items = new List<UpstreamStreamItem>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in OpenAIStreamReader.ReadAsync(body, cts.Token))
            {
                items.Add(item);
                await cts.CancelAsync();
            }
        });
        Assert.Single(items);
        Assert.True(body.CancellationObserved);
    }

    private static async Task<List<UpstreamStreamItem>> ReadAllAsync(string sse)
    {
        var items = new List<UpstreamStreamItem>();
        await using var body = new ChunkedStream(Encoding.UTF8.GetBytes(sse), [3]);
        await foreach (var item in OpenAIStreamReader.ReadAsync(body, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Returns a prefix, then blocks until cancelled (an upstream that stalls).</summary>
    private sealed class NeverEndingStream(byte[] prefix) : Stream
    {
        private int _position;

        public bool CancellationObserved { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                CancellationObserved = true;
                throw;
            }

            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous read");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
