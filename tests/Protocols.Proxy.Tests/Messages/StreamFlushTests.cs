using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Protocols.Proxy.Messages;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Tests.Infrastructure;
using Protocols.Proxy.Upstream;
using Protocols.Translation;
using Xunit;

namespace Protocols.Proxy.Tests.Messages;

/// <summary>
/// When the responder flushes: whenever the next upstream read would wait (the end-to-end streaming tests: a 400 ms
/// gap, the load benchmark's fidelity probe), and — the case here — every 16 KB while the upstream never makes it wait,
/// so a fast upstream's long answer is not held in memory until it ends.
/// </summary>
public sealed class StreamFlushTests
{
    private const int Threshold = 16 * 1024;

    [Fact]
    public async Task AnUpstreamThatNeverWaits_IsRelayedInFlushesOfAbout16KB_NotAtTheEnd()
    {
        await using var proxy = await TestProxy.StartAsync(null);
        var responder = proxy.App.Services.GetRequiredService<StreamingResponder>();

        // 1,500 text chunks already in memory: no read of this body ever waits, so only the threshold can flush.
        var pieces = Enumerable.Range(0, 1500).Select(i => $"piece {i:D4} of a long and fast answer. ").ToArray();
        var sse = string.Concat(OpenAIPayloads.TextStream(pieces).Select(chunk => $"data: {chunk}\n\n")) + "data: [DONE]\n\n";
        using var upstream = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(sse)));

        var translation = new RequestContext(proxy.Settings.Translation);
        RequestTranslator.TranslateBody(Encoding.UTF8.GetBytes(AnthropicRequests.Simple(stream: true)), translation);
        var sink = new FlushRecordingStream();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(sink));
        var record = new RequestRecord { RequestId = "req_flush" };
        using var call = new UpstreamCall(CancellationToken.None);

        await responder.RunAsync(context, upstream, call, translation, record);

        var text = Encoding.UTF8.GetString(sink.ToArray());
        Assert.Contains("event: message_stop", text);
        Assert.Equal(string.Concat(pieces), string.Concat(SseData(text, "content_block_delta").Select(d => d.RootElement.GetProperty("delta").GetProperty("text").GetString())));

        // Flushes of at least 16 KB each (a step's events may push one a little past it), the remainder at the end.
        var flushes = sink.Flushes;
        Assert.True(flushes.Count >= sink.Length / (Threshold + 2048), $"{flushes.Count} flushes for {sink.Length} bytes");
        Assert.All(flushes.Take(flushes.Count - 1), size => Assert.InRange(size, Threshold, Threshold + 2048));
        Assert.InRange(flushes[^1], 1, Threshold + 2048);
        Assert.Equal(sink.Length, flushes.Sum());
    }

    private static IEnumerable<System.Text.Json.JsonDocument> SseData(string text, string name) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n'))
            .Where(lines => lines.Contains("event: " + name))
            .Select(lines => System.Text.Json.JsonDocument.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]));

    /// <summary>A response body that records how many bytes each flush carried.</summary>
    private sealed class FlushRecordingStream : MemoryStream
    {
        private long _flushedUpTo;

        public List<long> Flushes { get; } = [];

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Record();
            return Task.CompletedTask;
        }

        public override void Flush() => Record();

        private void Record()
        {
            if (Length > _flushedUpTo)
            {
                Flushes.Add(Length - _flushedUpTo);
                _flushedUpTo = Length;
            }
        }
    }
}
