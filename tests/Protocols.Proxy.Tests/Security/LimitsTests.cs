using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Security;

public sealed class LimitsTests
{
    [Fact]
    public async Task BodyOverTheLimit_Is413RequestTooLarge_WithOrWithoutContentLength()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["MAX_BODY_SIZE"] = "64KB" });
        var big = AnthropicRequests.Simple(new string('a', 100_000));

        using var withLength = await proxy.Http.PostAsync("/v1/messages", new StringContent(big, Encoding.UTF8, "application/json"));
        await AssertTooLarge(withLength);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var withoutLength = await proxy.Http.SendAsync(request);
        await AssertTooLarge(withoutLength);
        Assert.Empty(upstream.Requests);

        using var small = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(new string('a', 1000)), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Fact]
    public async Task DefaultBodyLimit_Is32MB()
    {
        await using var proxy = await TestProxy.StartAsync(null);
        Assert.Equal(32L * 1024 * 1024, proxy.Settings.MaxBodySize);
    }

    [Theory]
    [InlineData("0", 0, 0)]
    [InlineData("1KB", 1, 1024)]
    public async Task TranslationCacheSize_BoundsTheMessagesKept_AndZeroReadsThemEveryTime(string size, int maxEntries, long maxBytes)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["TRANSLATION_CACHE_SIZE"] = size });
        Assert.Equal(maxBytes, proxy.Settings.TranslationCacheBytes);

        // Three turns of one conversation with two long (700-byte) messages: every turn resends the earlier ones.
        string Long(string role, char c) => $$"""{"role":"{{role}}","content":"{{new string(c, 680)}}"}""";
        const string Head = """{"model":"claude-sonnet-4-5","max_tokens":50,"tools":[{"name":"t","input_schema":{"type":"object"}}],"messages":[""";
        string[] turns =
        [
            Head + Long("user", 'a') + "]}",
            Head + Long("user", 'a') + "," + Long("assistant", 'b') + """,{"role":"user","content":"next"}]}""",
            Head + Long("user", 'a') + "," + Long("assistant", 'b') + """,{"role":"user","content":"next"},{"role":"assistant","content":"ok"},{"role":"user","content":"more"}]}""",
        ];
        foreach (var turn in turns)
        {
            using var response = await proxy.Http.PostAsync("/v1/messages", new StringContent(turn, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The upstream got the same translation whatever the cache kept.
        Assert.Equal(3, upstream.Requests.Count);
        var messages = upstream.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("messages")).ToList();
        Assert.Equal(new string('a', 680), messages[2][0].GetProperty("content").GetString());
        Assert.Equal(new string('b', 680), messages[2][1].GetProperty("content").GetString());
        Assert.Equal(5, messages[2].GetArrayLength());

        var metrics = await proxy.Http.GetStringAsync("/metrics");
        var entries = int.Parse(Regex.Match(metrics, """protocols_proxy_translation_cache_entries\{part="messages"\} (\d+)""").Groups[1].Value, CultureInfo.InvariantCulture);
        var bytes = long.Parse(Regex.Match(metrics, """protocols_proxy_translation_cache_message_bytes (\d+)""").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(entries, maxEntries == 0 ? 0 : 1, maxEntries);
        Assert.InRange(bytes, 0, maxBytes);
        Assert.Contains("protocols_proxy_translation_cache_hits_total{part=\"tools\"} 2", metrics);
        if (maxEntries == 0)
        {
            Assert.Contains("protocols_proxy_translation_cache_hits_total{part=\"messages\"} 0", metrics);
        }
    }

    private static async Task AssertTooLarge(HttpResponseMessage response)
    {
        Assert.Equal("request_too_large", await AnthropicError.TypeAsync(response, HttpStatusCode.RequestEntityTooLarge));
    }

    [Fact]
    public async Task OverTheConcurrencyLimit_Is429RateLimitError_AndHealthIsNotLimited()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.Chat = async context =>
        {
            arrived.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Script.Json(200, OpenAIPayloads.TextCompletion("late"))(context);
        };
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["MAX_CONCURRENT_REQUESTS"] = "1" });

        var first = proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var second = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.Equal("rate_limit_error", await AnthropicError.TypeAsync(second, HttpStatusCode.TooManyRequests));
        Assert.True(second.Headers.Contains("retry-after"));
        using (var health = await proxy.Http.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        release.SetResult();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        using var third = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task BodyOverTheLimit_InThePassthrough_Is413_NotAnUnreachableUpstream()
    {
        // The passthrough streams the client's body upstream; Kestrel's limit stopped it mid-copy, which was reported as a
        // 502 "upstream unreachable" and counted as an upstream error.
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(null, new Dictionary<string, string?> { ["BACKEND"] = "anthropic", ["UPSTREAM_BASE_URL"] = upstream.Root, ["MAX_BODY_SIZE"] = "1KB" });
        using var response = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(new string('x', 5000)), Encoding.UTF8, "application/json"));
        var error = await AnthropicError.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.GetProperty("type").GetString());
        Assert.Contains("MAX_BODY_SIZE", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var metrics = await proxy.Http.GetAsync("/metrics");
        Assert.DoesNotContain("protocols_proxy_upstream_errors_total{", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargestBodyLimit_StillServesRequests()
    {
        // 1 GB is the largest MAX_BODY_SIZE; Kestrel's own cap is set above it for draining a refused body (no overflow).
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream, new Dictionary<string, string?> { ["MAX_BODY_SIZE"] = "1GB" });
        using var response = await proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MalformedChunkedBody_Is400_NotAnUnexpected500()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream);
        var answer = await RawExchangeAsync(proxy, "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", "zz\r\n{}\r\n0\r\n\r\n"u8.ToArray(), TimeSpan.Zero);
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("request-id: req_", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"type\":\"invalid_request_error\"", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", proxy.Logs.All, StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task StalledClientBody_IsATimeout_NotAnUnexpected500()
    {
        // One byte, then nothing: Kestrel's minimum body data rate (240 B/s after a 5 s grace) ends the read.
        await using var upstream = await FakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync(upstream);
        var body = Encoding.UTF8.GetBytes(AnthropicRequests.Simple());
        var answer = await RawExchangeAsync(proxy, $"POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n", body, TimeSpan.FromSeconds(8));
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"timeout_error\"", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", proxy.Logs.All, StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    /// <summary>Sends a hand-written request over a socket (what HttpClient will not send) and reads the answer until its JSON body.</summary>
    private static async Task<string> RawExchangeAsync(TestProxy proxy, string head, byte[] body, TimeSpan pauseAfterFirstByte)
    {
        var uri = new Uri(proxy.Url);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (pauseAfterFirstByte > TimeSpan.Zero)
        {
            await stream.WriteAsync(body.AsMemory(0, 1));
            await Task.Delay(pauseAfterFirstByte);
        }
        else
        {
            await stream.WriteAsync(body);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var answer = new StringBuilder();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while (!answer.ToString().EndsWith('}') && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The server closed the connection after its answer.
        }

        return answer.ToString();
    }
}
