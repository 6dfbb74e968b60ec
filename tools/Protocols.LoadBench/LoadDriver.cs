using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Protocols.LoadBench;

/// <summary>Where requests go and how: the URL, the headers, and the bytes that mark the first content event.</summary>
/// <param name="Name">direct, proxy or forwarder.</param>
/// <param name="Url">The endpoint.</param>
/// <param name="Headers">Headers added to every request (the content type is always application/json).</param>
/// <param name="FirstContentMarker">
/// For streams: the bytes of the first content event (<c>"delta":{"content":"</c> in OpenAI's stream,
/// <c>content_block_delta</c> in Anthropic's); the time they arrive is the time to first token.
/// </param>
public sealed record Target(string Name, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] FirstContentMarker)
{
    public static readonly byte[] OpenAIContentMarker = Encoding.UTF8.GetBytes("\"delta\":{\"content\":\"");
    public static readonly byte[] AnthropicContentMarker = Encoding.UTF8.GetBytes("content_block_delta");
}

/// <summary>What one cell measured (all times in milliseconds).</summary>
public sealed record Measurement(
    int Count,
    int Errors,
    double Seconds,
    double RequestsPerSecond,
    double P50,
    double P99,
    double Mean,
    double TtftP50,
    double TtftP99,
    string? FirstError);

/// <summary>
/// The load generator: <c>concurrency</c> workers, each sending the same request in a loop over one
/// <see cref="HttpClient"/> (a <see cref="SocketsHttpHandler"/>, no proxy, unlimited connections) with
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/>, reading every response to its end. It runs a warm-up, then
/// measures the requests that complete inside the measurement window.
/// </summary>
public static class LoadDriver
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>An HttpClient for the load: one pooled connection per concurrent request, kept for the whole run.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Sends one request and returns the whole response as text (checks and captures).</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendOnceAsync(HttpClient client, Target target, byte[] body)
    {
        using var request = CreateRequest(target, body);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Runs one cell. <paramref name="onWindow"/> is called when the measurement window opens (true) and closes
    /// (false), so the caller samples CPU and memory over exactly that window.
    /// </summary>
    public static async Task<Measurement> RunAsync(
        HttpClient client, Target target, byte[] body, bool stream, int concurrency, TimeSpan warmup, TimeSpan duration, Action<bool> onWindow)
    {
        var stop = 0;
        var records = new List<(long End, double Latency, double Ttft, bool Ok)>[concurrency];
        var errors = new string?[concurrency];
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var index = w;
            records[index] = new List<(long, double, double, bool)>(4096);
            workers[index] = Task.Run(async () =>
            {
                var buffer = new byte[16 * 1024];
                var marker = stream ? target.FirstContentMarker : null;
                while (Volatile.Read(ref stop) == 0)
                {
                    var (latency, ttft, ok, error) = await OneAsync(client, target, body, buffer, marker);
                    records[index].Add((Stopwatch.GetTimestamp(), latency, ttft, ok));
                    if (!ok)
                    {
                        errors[index] ??= error;
                    }
                }
            });
        }

        await Task.Delay(warmup);
        var windowStart = Stopwatch.GetTimestamp();
        onWindow(true);
        await Task.Delay(duration);
        var windowEnd = Stopwatch.GetTimestamp();
        onWindow(false);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(workers);

        var inWindow = records.SelectMany(r => r).Where(r => r.End >= windowStart && r.End <= windowEnd).ToList();
        var ok = inWindow.Where(r => r.Ok).ToList();
        var seconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var latencies = ok.Select(r => r.Latency).Order().ToArray();
        var ttfts = stream ? ok.Select(r => r.Ttft).Order().ToArray() : [];
        return new Measurement(
            ok.Count,
            inWindow.Count - ok.Count,
            seconds,
            ok.Count / seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? double.NaN : latencies.Average(),
            Percentile(ttfts, 0.50),
            Percentile(ttfts, 0.99),
            errors.FirstOrDefault(e => e is not null));
    }

    private static HttpRequestMessage CreateRequest(Target target, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        foreach (var (key, value) in target.Headers)
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        return request;
    }

    private static async Task<(double Latency, double Ttft, bool Ok, string? Error)> OneAsync(
        HttpClient client, Target target, byte[] body, byte[] buffer, byte[]? marker)
    {
        var start = Stopwatch.GetTimestamp();
        long first = 0;
        try
        {
            using var request = CreateRequest(target, body);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var content = await response.Content.ReadAsStreamAsync();
            var matcher = marker is null ? null : new StreamMatcher(marker);
            int n;
            while ((n = await content.ReadAsync(buffer)) > 0)
            {
                if (first == 0 && matcher is not null && matcher.Feed(buffer.AsSpan(0, n)))
                {
                    first = Stopwatch.GetTimestamp();
                }
            }

            var end = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                return (0, 0, false, $"HTTP {(int)response.StatusCode}");
            }

            if (marker is not null && first == 0)
            {
                return (0, 0, false, "no content event in the stream");
            }

            return (Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, first == 0 ? double.NaN : Stopwatch.GetElapsedTime(start, first).TotalMilliseconds, true, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return (0, 0, false, e.GetType().Name + ": " + e.Message);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Finds a byte string across the reads of a stream (KMP, so a match split between two reads is found).</summary>
    private sealed class StreamMatcher
    {
        private readonly byte[] _pattern;
        private readonly int[] _fallback;
        private int _matched;

        public StreamMatcher(byte[] pattern)
        {
            _pattern = pattern;
            _fallback = new int[pattern.Length];
            for (int i = 1, k = 0; i < pattern.Length; i++)
            {
                while (k > 0 && pattern[i] != pattern[k])
                {
                    k = _fallback[k - 1];
                }

                if (pattern[i] == pattern[k])
                {
                    k++;
                }

                _fallback[i] = k;
            }
        }

        public bool Feed(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                while (_matched > 0 && b != _pattern[_matched])
                {
                    _matched = _fallback[_matched - 1];
                }

                if (b == _pattern[_matched] && ++_matched == _pattern.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
