namespace Protocols.Client.Tests;

public class ErrorTests
{
    private const string Key = "sk-live-9f8e7d6c5b4a39281706";

    private static AnthropicCompatibleClient Client(FakeUpstream upstream, TestLoggerFactory? logs = null) =>
        new(new AnthropicCompatibleClientOptions { BaseUrl = upstream.BaseUrl, ApiKey = Key, Retry = { MaxRetries = 0 } }, logs, new TestTimeProvider());

    public static TheoryData<int, string, Type, string, int> Statuses => new()
    {
        { 400, "invalid_request_error", typeof(BadRequestException), "invalid_request_error", 400 },
        { 401, "invalid_request_error", typeof(AuthenticationFailedException), "authentication_error", 401 },
        { 403, "insufficient_permissions", typeof(PermissionDeniedException), "permission_error", 403 },
        { 404, "invalid_request_error", typeof(NotFoundException), "not_found_error", 404 },
        { 413, "invalid_request_error", typeof(BadRequestException), "request_too_large", 413 },
        { 422, "invalid_request_error", typeof(BadRequestException), "invalid_request_error", 422 },
        { 429, "rate_limit_exceeded", typeof(RateLimitedException), "rate_limit_error", 429 },
        { 500, "server_error", typeof(ApiErrorException), "api_error", 500 },
        { 503, "server_error", typeof(OverloadedException), "overloaded_error", 529 },
        { 529, "server_error", typeof(OverloadedException), "overloaded_error", 529 },
        { 504, "server_error", typeof(UpstreamTimeoutException), "timeout_error", 504 },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Each_status_becomes_its_typed_error(int status, string openAIType, Type expected, string errorType, int anthropicStatus)
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.Error("the upstream said no", openAIType), status, ("x-request-id", "req_abc123")));
        using var client = Client(upstream);

        var e = await Assert.ThrowsAnyAsync<AnthropicClientException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.IsType(expected, e);
        Assert.Equal(errorType, e.ErrorType);
        Assert.Equal(anthropicStatus, e.StatusCode);
        Assert.Equal("req_abc123", e.RequestId);
        Assert.Contains("the upstream said no", e.UpstreamBody, StringComparison.Ordinal);
        if (e is ApiErrorException api)
        {
            Assert.Equal("the upstream said no", api.ErrorMessage);
            Assert.Equal("req_abc123", api.Error.RequestId);
        }
    }

    [Fact]
    public async Task An_html_error_page_is_an_api_error_without_the_page()
    {
        await using var upstream = await FakeUpstream.StartAsync(async (r, c) =>
        {
            c.Response.StatusCode = 502;
            c.Response.ContentType = "text/html";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(c.Response, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
        });
        using var client = Client(upstream);

        var e = await Assert.ThrowsAsync<ApiErrorException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(502, e.Status);
        Assert.Contains("HTML error page", e.Message, StringComparison.Ordinal);
        Assert.Contains("502 Bad Gateway", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_choices_are_an_empty_response()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.EmptyChoices()));
        using var client = Client(upstream);

        var e = await Assert.ThrowsAsync<EmptyResponseException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(502, e.Status);
        Assert.Equal("api_error", e.ErrorType);
        Assert.Contains("no choices", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"choices\":[]", e.UpstreamBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body_is_an_empty_response()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, string.Empty));
        using var client = Client(upstream);

        await Assert.ThrowsAsync<EmptyResponseException>(() => client.CreateMessageAsync(Requests.Hello()));
    }

    [Fact]
    public async Task An_error_object_in_a_200_is_an_api_error()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Error("model is loading", "server_error")));
        using var client = Client(upstream);

        var e = await Assert.ThrowsAnyAsync<ApiErrorException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.IsNotType<EmptyResponseException>(e);
        Assert.Contains("model is loading", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_reset_is_a_transport_failure()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
        {
            c.Abort();
            return Task.CompletedTask;
        });
        using var client = Client(upstream);

        var e = await Assert.ThrowsAsync<TransportException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal("api_error", e.ErrorType);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task A_request_the_backend_cannot_carry_fails_before_sending()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("never")));
        using var client = Client(upstream);
        var request = Requests.Hello();
        request.Tools = [new Protocols.Anthropic.WebSearchTool20250305()];

        var e = await Assert.ThrowsAsync<BadRequestException>(() => client.CreateMessageAsync(request));

        Assert.Equal(400, e.Status);
        Assert.Contains("web_search", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, e.Attempts);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task The_key_never_appears_in_errors_logs_or_descriptions()
    {
        // A backend that echoes the key it was sent (as OpenAI does, partly, for a wrong key).
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.Error($"Incorrect API key provided: {r.Headers["authorization"]}", "invalid_request_error", "invalid_api_key"), 401));
        var logs = new TestLoggerFactory();
        var options = new AnthropicCompatibleClientOptions { BaseUrl = upstream.BaseUrl, ApiKey = Key };
        using var client = new AnthropicCompatibleClient(options, logs, new TestTimeProvider());

        var e = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal($"Bearer {Key}", upstream.Requests[0].Headers["authorization"]);
        Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.UpstreamBody!, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, e.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", e.UpstreamBody!, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, client.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, options.Credential.ToString(), StringComparison.Ordinal);
        Assert.All(logs.Entries, entry => Assert.DoesNotContain(Key, entry.Message, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Entries);
    }

    [Fact]
    public async Task An_odd_shaped_key_echoed_back_is_removed_too()
    {
        const string oddKey = "hunter2-local-key";
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.Error($"key {r.Headers["api-key"]} is not valid", "invalid_request_error"), 401));
        var options = new AnthropicCompatibleClientOptions { BaseUrl = upstream.BaseUrl, Credential = UpstreamCredential.Header("api-key", oddKey) };
        using var client = new AnthropicCompatibleClient(options, null, new TestTimeProvider());

        var e = await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.CreateMessageAsync(Requests.Hello()));

        Assert.Equal(oddKey, upstream.Requests[0].Headers["api-key"]);
        Assert.False(upstream.Requests[0].Headers.ContainsKey("authorization"));
        Assert.DoesNotContain(oddKey, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(oddKey, e.UpstreamBody!, StringComparison.Ordinal);
        Assert.Equal("api-key: [REDACTED]", options.Credential.ToString());
    }

    [Fact]
    public async Task Keyless_backends_get_no_auth_header()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) => OpenAI.WriteJsonAsync(c, OpenAI.Completion("hi")));
        using var client = AnthropicCompatibleClient.Create(upstream.BaseUrl);

        await client.CreateMessageAsync(Requests.Hello());

        Assert.False(upstream.Requests[0].Headers.ContainsKey("authorization"));
        Assert.Equal(UpstreamAuthScheme.None, client.Options.Credential.Scheme);
    }
}
