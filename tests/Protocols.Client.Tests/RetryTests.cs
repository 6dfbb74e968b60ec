using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Protocols.Client.Tests;

public class RetryTests
{
    private static AnthropicCompatibleClient Client(FakeUpstream upstream, TestTimeProvider time, Action<AnthropicCompatibleClientOptions>? configure = null, TestLoggerFactory? logs = null)
    {
        var options = Requests.Options(upstream);
        configure?.Invoke(options);
        return new AnthropicCompatibleClient(options, logs, time);
    }

    [Fact]
    public async Task Retryable_statuses_are_retried_with_exponential_backoff()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index < 2
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("overloaded", "server_error"), 503)
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("third time lucky")));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        var result = await client.CreateMessageWithDetailsAsync(Requests.Hello());

        Assert.Equal("third time lucky", result.Message.GetText());
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, upstream.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000)], time.Delays);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(501)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(529)]
    public async Task Each_retryable_status_is_retried(int status)
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("try again", "server_error"), status)
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        var result = await client.CreateMessageWithDetailsAsync(Requests.Hello());

        Assert.Equal(2, result.Attempts);
        Assert.Single(time.Delays);
    }

    [Theory]
    [InlineData(400, typeof(BadRequestException))]
    [InlineData(401, typeof(AuthenticationFailedException))]
    [InlineData(403, typeof(PermissionDeniedException))]
    [InlineData(404, typeof(NotFoundException))]
    [InlineData(422, typeof(BadRequestException))]
    public async Task Non_retryable_statuses_fail_at_once(int status, Type expected)
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("no", "invalid_request_error"), status));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        var e = await Assert.ThrowsAnyAsync<AnthropicClientException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.IsType(expected, e);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(1, e.Attempts);
        Assert.Single(upstream.Requests);
        Assert.Empty(time.Delays);
    }

    [Fact]
    public async Task Retries_stop_after_the_limit_with_the_typed_error()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("busy", "server_error"), 503));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time, o => o.Retry.MaxRetries = 3);

        var e = await Assert.ThrowsAsync<OverloadedException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(529, e.StatusCode);
        Assert.Equal(4, e.Attempts);
        Assert.Equal(4, upstream.Requests.Count);
        Assert.Equal([500, 1000, 2000], time.Delays.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task An_overloaded_backend_asking_for_longer_than_the_limit_is_not_retried_and_says_how_long()
    {
        // MaxRetryAfter's promise: a longer server-requested delay surfaces to the caller. The 529 said nothing about it.
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("busy", "server_error"), 503, ("retry-after", "120")));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        var e = await Assert.ThrowsAsync<OverloadedException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.Single(upstream.Requests);
        Assert.Empty(time.Delays);
    }

    [Fact]
    public async Task Backoff_is_capped_and_jittered_within_bounds()
    {
        var options = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), JitterFraction = 0.25 };
        Assert.Equal(TimeSpan.FromSeconds(1), options.Backoff(0, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), options.Backoff(2, 0));
        Assert.Equal(TimeSpan.FromSeconds(5), options.Backoff(5, 0));
        Assert.Equal(TimeSpan.FromSeconds(3.75), options.Backoff(5, 1));

        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index < 3
            ? OpenAI.WriteJsonAsync(c, "{}", 500)
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time, o =>
        {
            o.Retry.JitterFraction = 0.25;
            o.Retry.MaxRetries = 3;
        });
        await client.CreateMessageAsync(Requests.Hello());

        var expected = new[] { 500.0, 1000, 2000 };
        Assert.Equal(3, time.Delays.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.InRange(time.Delays[i].TotalMilliseconds, expected[i] * 0.75, expected[i]);
        }
    }

    [Fact]
    public async Task Retry_after_seconds_is_honoured()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("slow down", "rate_limit_error"), 429, ("retry-after", "7"))
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        await client.CreateMessageAsync(Requests.Hello());

        Assert.Equal([TimeSpan.FromSeconds(7)], time.Delays);
    }

    [Fact]
    public async Task Retry_after_http_date_is_honoured()
    {
        var time = new TestTimeProvider();
        var date = time.GetUtcNow().AddSeconds(12).ToString("r", CultureInfo.InvariantCulture);
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("slow down", "rate_limit_error"), 429, ("Retry-After", date))
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        using var client = Client(upstream, time);

        await client.CreateMessageAsync(Requests.Hello());

        Assert.Equal([TimeSpan.FromSeconds(12)], time.Delays);
    }

    [Fact]
    public async Task Retry_after_ms_wins_over_retry_after()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("slow down", "rate_limit_error"), 429, ("retry-after-ms", "1250"), ("retry-after", "9"))
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        await client.CreateMessageAsync(Requests.Hello());

        Assert.Equal([TimeSpan.FromMilliseconds(1250)], time.Delays);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_limit_surfaces_at_once()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.Error("quota", "rate_limit_error"), 429, ("retry-after", "600"), ("x-ratelimit-remaining-requests", "0")));
        var time = new TestTimeProvider();
        using var client = Client(upstream, time);

        var e = await Assert.ThrowsAsync<RateLimitedException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(TimeSpan.FromSeconds(600), e.RetryAfter);
        Assert.Equal(0, e.RateLimits.RequestsRemaining);
        Assert.Equal("rate_limit_error", e.ErrorType);
        Assert.Single(upstream.Requests);
        Assert.Empty(time.Delays);
    }

    [Fact]
    public async Task The_server_can_veto_or_request_a_retry()
    {
        await using var veto = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("no", "server_error"), 500, ("x-should-retry", "false")));
        using (var client = Client(veto, new TestTimeProvider()))
        {
            await Assert.ThrowsAsync<ApiErrorException>(() => client.CreateMessageAsync(Requests.Hello()));
        }

        Assert.Single(veto.Requests);

        await using var ask = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("conflict", "invalid_request_error"), 409, ("x-should-retry", "true"))
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        using (var client = Client(ask, new TestTimeProvider()))
        {
            await client.CreateMessageAsync(Requests.Hello());
        }

        Assert.Equal(2, ask.Requests.Count);
    }

    [Fact]
    public async Task Connection_failures_are_retried()
    {
        // A port that was just free: nothing listens, every connect is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var time = new TestTimeProvider();
        using var client = new AnthropicCompatibleClient(new AnthropicCompatibleClientOptions { BaseUrl = $"http://127.0.0.1:{port}/v1", Retry = { JitterFraction = 0 } }, null, time);

        var e = await Assert.ThrowsAsync<TransportException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(3, e.Attempts);
        Assert.Equal(2, time.Delays.Count);
        Assert.Null(e.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connect_timeout_is_a_timeout_and_is_retried()
    {
        var connects = 0;
        using var http = new HttpClient(UpstreamHttpHandler.Create(new UpstreamHttpHandlerOptions
        {
            NetworkPolicy = UpstreamNetworkPolicy.AllowPrivate,
            ConnectTimeout = TimeSpan.FromMilliseconds(200),

            // A backend that never completes the TCP handshake.
            Connector = async (_, _, token) =>
            {
                Interlocked.Increment(ref connects);
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            },
        }));
        var time = new TestTimeProvider();
        using var client = new AnthropicCompatibleClient(
            new AnthropicCompatibleClientOptions { BaseUrl = "http://127.0.0.1:9/v1", Retry = { MaxRetries = 1, JitterFraction = 0 } },
            http,
            null,
            time);

        var e = await Assert.ThrowsAsync<UpstreamTimeoutException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(2, e.Attempts);
        Assert.Equal(2, connects);
        Assert.Null(e.StatusCode);
        Assert.Equal([TimeSpan.FromMilliseconds(500)], time.Delays);
    }

    [Fact]
    public async Task Failed_attempt_bodies_are_drained_so_the_connection_is_reused()
    {
        var big = new string('x', 20_000);
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index < 2
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error(big, "server_error"), 500)
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        using var client = Client(upstream, new TestTimeProvider());

        await client.CreateMessageAsync(Requests.Hello());

        Assert.Equal(3, upstream.Requests.Count);
        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task Attempts_are_visible_in_logs_and_metrics()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => r.Index == 0
            ? OpenAI.WriteJsonAsync(c, OpenAI.Error("busy", "server_error"), 503)
            : OpenAI.WriteJsonAsync(c, OpenAI.Completion("ok")));
        using var metrics = new MetricsCollector(upstream.Port);
        var logs = new TestLoggerFactory();
        using var client = Client(upstream, new TestTimeProvider(), logs: logs);

        await client.CreateMessageAsync(Requests.Hello());

        var retry = Assert.Single(logs.Entries, e => e.Id.Id == 2);
        Assert.Contains("attempt 1 failed (503); retrying in 500 ms", retry.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Id.Id == 3 && e.Message.Contains("after 2 attempt(s)", StringComparison.Ordinal));

        Assert.Equal(["503", "200"], metrics.Of(ClientMetrics.AttemptsName).Select(t => t["outcome"]));
        Assert.Equal("503", Assert.Single(metrics.Of(ClientMetrics.RetriesName))["reason"]);
        Assert.Equal("success", Assert.Single(metrics.Of(ClientMetrics.DurationName))["outcome"]);
        Assert.Equal(2, metrics.Of(ClientMetrics.TokensName).Count());
    }

    [Fact]
    public async Task A_read_timeout_before_the_answer_is_retried_then_reported()
    {
        var release = new TaskCompletionSource();
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) =>
        {
            await release.Task.WaitAsync(c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var time = new TestTimeProvider();
        using var client = Client(upstream, time, o =>
        {
            o.ReadTimeout = TimeSpan.FromMinutes(5);
            o.Retry.MaxRetries = 1;
        });

        var call = client.CreateMessageAsync(Requests.Hello());
        for (int attempt = 0; attempt < 2; attempt++)
        {
            await time.WaitForPendingAsync(TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(10));
            time.Advance(TimeSpan.FromMinutes(5));
        }

        var e = await Assert.ThrowsAsync<UpstreamTimeoutException>(() => call);
        release.SetResult();
        Assert.Null(e.StatusCode);
        Assert.Equal("timeout_error", e.ErrorType);
        Assert.Equal(2, e.Attempts);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried_or_wrapped()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) => await Task.Delay(Timeout.Infinite, c.RequestAborted));
        using var client = Client(upstream, new TestTimeProvider());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CreateMessageAsync(Requests.Hello(), cts.Token));
        Assert.Single(upstream.Requests);
    }
}
