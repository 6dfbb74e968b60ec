using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;

namespace Protocols.Client;

// Attempts and retries. Each call runs through a Polly retry pipeline; an attempt ends when the response headers
// are in (and, for non-streaming calls, the body), so a stream that has started delivering events is outside the
// pipeline and never retried. A failed attempt's body is drained before the next attempt.
public sealed partial class AnthropicCompatibleClient
{
    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "apim-request-id", "openai-request-id"];

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(RetryOptions retry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                    ? RetryDecision.ShouldRetry(e)
                    : args.Outcome.Result is { } r && RetryDecision.ShouldRetry(r, retry, _time.GetUtcNow())),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    RetryDecision.Delay(args.Outcome.Result, args.AttemptNumber, retry, _time.GetUtcNow(), Random.Shared.NextDouble())),
                OnRetry = OnRetryAsync,
            });
        }

        return builder.Build();
    }

    private async ValueTask OnRetryAsync(OnRetryArguments<HttpResponseMessage> args)
    {
        var operation = args.Context.OperationKey ?? "request";
        string reason;
        if (args.Outcome.Result is { } response)
        {
            reason = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);

            // Drained so the connection can be reused; Polly disposes the response after this callback.
            await BodyDrain.ReadAsync(response, SecretScrubber.MaxBodyBytes, args.Context.CancellationToken).ConfigureAwait(false);
            response.Dispose();
        }
        else
        {
            reason = args.Outcome.Exception is AnthropicClientException e ? e.ErrorType : "exception";
        }

        _metrics.Retry(operation, _server, reason);
        ClientLog.Retrying(_logger, operation, args.AttemptNumber + 1, reason, args.RetryDelay.TotalMilliseconds);
    }

    /// <summary>Sends with retries; returns a successful response or throws the typed error.</summary>
    private async Task<UpstreamResponse> SendAsync(string operation, Func<HttpRequestMessage> createRequest, bool bufferBody, CancellationToken cancellationToken)
    {
        var state = new CallState(this, operation, createRequest, bufferBody);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var response = await _pipeline.ExecuteAsync(static (ctx, s) => AttemptAsync(ctx, s), context, state).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    var body = await BodyDrain.ReadAsync(response, SecretScrubber.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
                    throw ClientErrors.FromUpstream(
                        (int)response.StatusCode,
                        body,
                        response.Content.Headers.ContentType?.MediaType,
                        RequestId(response),
                        RateLimitHeaders.Parse(response.Headers, _time.GetUtcNow()),
                        _scrubber);
                }
            }

            return new UpstreamResponse(response, state.Attempts, RequestId(response), RateLimitHeaders.Parse(response.Headers, _time.GetUtcNow()), state.Started);
        }
        catch (AnthropicClientException e)
        {
            Fail(e, operation, state.Attempts, state.Started);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async ValueTask<HttpResponseMessage> AttemptAsync(ResilienceContext context, CallState state)
    {
        var client = state.Client;
        state.Attempts++;
        var cancellationToken = context.CancellationToken;
        using var request = state.CreateRequest();
        using var timeout = new CancellationTokenSource(client._options.ReadTimeout, client._time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage? response = null;
        try
        {
            client.CheckLiteralAddress(request.RequestUri!);
            response = await client._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (state.BufferBody && response.IsSuccessStatusCode)
            {
                await response.Content.LoadIntoBufferAsync(linked.Token).ConfigureAwait(false);
            }

            client._metrics.Attempt(state.Operation, client._server, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return response;
        }
        catch (Exception e) when (client.MapFailure(e, timeout.Token, cancellationToken, request.RequestUri!) is { } mapped)
        {
            response?.Dispose();
            client._metrics.Attempt(state.Operation, client._server, mapped.ErrorType);
            throw mapped;
        }
    }

    /// <summary>
    /// The typed error for an exception from sending or reading; null to let it through (the caller's cancellation).
    /// </summary>
    private AnthropicClientException? MapFailure(Exception e, CancellationToken timeout, CancellationToken caller, Uri uri)
    {
        if (caller.IsCancellationRequested && e is OperationCanceledException)
        {
            return null;
        }

        var host = uri.Authority;
        AnthropicClientException? mapped = e switch
        {
            AnthropicClientException already => already,
            OperationCanceledException when timeout.IsCancellationRequested =>
                new UpstreamTimeoutException($"no data from {host} within the read timeout ({_options.ReadTimeout.TotalSeconds:0.###} s)", innerException: e),
            OperationCanceledException { InnerException: TimeoutException timeoutError } =>
                new UpstreamTimeoutException($"timed out waiting for {host}: {timeoutError.Message}", innerException: e),
            HttpRequestException { InnerException: BlockedAddressException blocked } => blocked,
            HttpRequestException { InnerException: TimeoutException } or HttpRequestException { InnerException: OperationCanceledException { InnerException: TimeoutException } } =>
                new UpstreamTimeoutException($"could not connect to {host} within the connect timeout", innerException: e),
            HttpRequestException http => new TransportException($"could not reach {host}: {_scrubber.Scrub(http.Message)}", http),
            IOException io => new TransportException($"the connection to {host} failed: {_scrubber.Scrub(io.Message)}", io),
            _ => null,
        };
        if (mapped is BlockedAddressException b)
        {
            ClientLog.Blocked(_logger, b.Host, b.Address.ToString(), b.Category);
        }

        return mapped;
    }

    /// <summary>A literal private address is refused before the handler is reached (a shared handler may not guard).</summary>
    private void CheckLiteralAddress(Uri uri)
    {
        if (_policy == UpstreamNetworkPolicy.AllowPrivate)
        {
            return;
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address) && !AddressGuard.IsPublic(address, out var category))
        {
            throw new BlockedAddressException(uri.Host, address, category);
        }

        // Only names are left to check here (a non-public literal was refused above): localhost and *.localhost.
        if (UpstreamEndpoint.IsLoopbackHost(host))
        {
            throw new BlockedAddressException(uri.Host, IPAddress.Loopback, "loopback");
        }
    }

    private void Fail(AnthropicClientException e, string operation, int attempts, long started)
    {
        e.Attempts = attempts;
        _metrics.Duration(operation, _server, e.ErrorType, _time.GetElapsedTime(started));
        ClientLog.Failed(_logger, operation, e.ErrorType, e.StatusCode, attempts);
    }

    private void Succeed(string operation, UpstreamResponse upstream)
    {
        var elapsed = _time.GetElapsedTime(upstream.Started);
        _metrics.Duration(operation, _server, "success", elapsed);
        ClientLog.Completed(_logger, operation, (int)upstream.Response.StatusCode, upstream.Attempts, elapsed.TotalMilliseconds);
    }

    private static string? RequestId(HttpResponseMessage response)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (response.Headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0)
            {
                return values.ToString();
            }
        }

        return null;
    }

    /// <summary>One call's state across its attempts.</summary>
    private sealed class CallState(AnthropicCompatibleClient client, string operation, Func<HttpRequestMessage> createRequest, bool bufferBody)
    {
        public AnthropicCompatibleClient Client { get; } = client;

        public string Operation { get; } = operation;

        public Func<HttpRequestMessage> CreateRequest { get; } = createRequest;

        public bool BufferBody { get; } = bufferBody;

        public long Started { get; } = client._time.GetTimestamp();

        public int Attempts { get; set; }
    }

    /// <summary>A successful upstream response and what is known about the call.</summary>
    private sealed record UpstreamResponse(HttpResponseMessage Response, int Attempts, string? RequestId, RateLimitHeaders RateLimits, long Started) : IDisposable
    {
        public void Dispose() => Response.Dispose();
    }
}
