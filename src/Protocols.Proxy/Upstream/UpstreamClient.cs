using System.Diagnostics;
using System.Net.Http.Headers;
using Protocols.Client;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Observability;
using Protocols.Translation;

namespace Protocols.Proxy.Upstream;

/// <summary>How an upstream send ended when it did not produce a response.</summary>
internal enum UpstreamFailure
{
    /// <summary>A response arrived (whatever its status).</summary>
    None,

    /// <summary>No response headers within the first-byte timeout.</summary>
    Timeout,

    /// <summary>The connection failed (refused, DNS, TLS, reset before the headers).</summary>
    Unreachable,

    /// <summary>The client went away first.</summary>
    ClientGone,
}

/// <summary>The outcome of <see cref="UpstreamClient.SendAsync"/>: a response or why there is none.</summary>
/// <param name="Response">The response (headers read, body not yet).</param>
/// <param name="Failure">Why there is no response.</param>
/// <param name="Message">What went wrong, redacted.</param>
internal readonly record struct UpstreamSendResult(HttpResponseMessage? Response, UpstreamFailure Failure, string? Message);

/// <summary>
/// Sends requests to the upstream over the one shared handler, with the upstream credential, returning
/// as soon as the response headers arrive (<see cref="HttpCompletionOption.ResponseHeadersRead"/>: the
/// body is never buffered here) and reporting failures as results, not exceptions.
/// </summary>
/// <param name="http">The shared client (no timeout of its own: <see cref="UpstreamCall"/> times each phase).</param>
/// <param name="settings">The settings.</param>
/// <param name="metrics">The instruments.</param>
/// <param name="logger">The logger.</param>
internal sealed class UpstreamClient(HttpClient http, ProxySettings settings, ProxyMetrics metrics, ILogger<UpstreamClient> logger)
{
    /// <summary>The demo upstream's address (served in memory by <see cref="Demo.DemoUpstreamHandler"/>).</summary>
    public static readonly UpstreamEndpoint DemoEndpoint = UpstreamEndpoint.Normalize("http://demo.upstream.invalid/v1");

    /// <summary>The upstream's addresses.</summary>
    public UpstreamEndpoint Endpoint { get; } = settings.Upstream ?? DemoEndpoint;

    /// <summary>
    /// Creates a request carrying the upstream credential and the client's W3C trace context (<c>traceparent</c>,
    /// <c>tracestate</c>), when it sent one: a traced client's spans continue at the upstream. The proxy starts no
    /// trace of its own (no per-request <see cref="Activity"/>; see the logging set-up in <c>ProxyApp</c>).
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="uri">The URL.</param>
    /// <param name="incoming">The client's request.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage NewRequest(HttpMethod method, Uri uri, HttpRequest incoming)
    {
        var request = new HttpRequestMessage(method, uri) { Version = System.Net.HttpVersion.Version11 };
        if (!string.IsNullOrEmpty(settings.UpstreamApiKey))
        {
            switch (settings.AuthMode)
            {
                case UpstreamAuthMode.Bearer:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.UpstreamApiKey);
                    break;
                case UpstreamAuthMode.Header:
                    request.Headers.TryAddWithoutValidation(settings.AuthHeaderName, settings.UpstreamApiKey);
                    break;
            }
        }

        var headers = incoming.Headers;
        if (headers.TryGetValue("traceparent", out var parent) && parent.Count == 1)
        {
            request.Headers.TryAddWithoutValidation("traceparent", parent.ToString());
            if (headers.TryGetValue("tracestate", out var state) && state.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("tracestate", state.ToString());
            }
        }

        return request;
    }

    /// <summary>Sends a request and waits for the response headers only, within the first-byte timeout.</summary>
    /// <param name="request">The request.</param>
    /// <param name="call">The exchange's cancellation.</param>
    /// <param name="requestId">The client request's id, for logs.</param>
    /// <returns>The response or the failure.</returns>
    public async Task<UpstreamSendResult> SendAsync(HttpRequestMessage request, UpstreamCall call, string requestId)
    {
        var start = Stopwatch.GetTimestamp();
        call.Arm(settings.FirstByteTimeout, "first byte");
        try
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Token).ConfigureAwait(false);
            call.Arm(settings.IdleTimeout, "idle");
            ProxyLog.UpstreamResponse(logger, requestId, request.Method.Method, Describe(request.RequestUri), (int)response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if ((int)response.StatusCode >= 400)
            {
                metrics.UpstreamError(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return new UpstreamSendResult(response, UpstreamFailure.None, null);
        }
        catch (OperationCanceledException) when (call.ClientGone)
        {
            return new UpstreamSendResult(null, UpstreamFailure.ClientGone, "client closed the connection");
        }
        catch (OperationCanceledException) when (call.TimedOut)
        {
            metrics.UpstreamError("timeout");
            var message = $"upstream sent no response within {settings.FirstByteTimeout.TotalSeconds:0.###}s (UPSTREAM_FIRST_BYTE_TIMEOUT)";
            ProxyLog.UpstreamFailed(logger, requestId, "timeout", message);
            return new UpstreamSendResult(null, UpstreamFailure.Timeout, message);
        }
        catch (HttpRequestException e) when (ClientBodyFault(e) is { } bad)
        {
            // Sending the client's own body upstream (the passthrough streams it) failed on the client's side: too large,
            // malformed or too slow. That is the client's error (413/400/408, RequestTracking), not an unreachable upstream.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(bad);
            throw;
        }
        catch (HttpRequestException e)
        {
            metrics.UpstreamError("connect");
            var message = $"upstream unreachable: {ErrorTranslator.Redact(e.Message)}";
            ProxyLog.UpstreamFailed(logger, requestId, "connect", message);
            return new UpstreamSendResult(null, UpstreamFailure.Unreachable, message);
        }
        catch (OperationCanceledException e) when (e.InnerException is TimeoutException)
        {
            // SocketsHttpHandler.ConnectTimeout.
            metrics.UpstreamError("connect");
            var message = $"upstream connection timed out after {settings.ConnectTimeout.TotalSeconds:0.###}s (UPSTREAM_CONNECT_TIMEOUT)";
            ProxyLog.UpstreamFailed(logger, requestId, "connect", message);
            return new UpstreamSendResult(null, UpstreamFailure.Unreachable, message);
        }
    }

    /// <summary>The URL without query string or user info, for logs.</summary>
    /// <param name="uri">The URL.</param>
    /// <returns>The text.</returns>
    public static string Describe(Uri? uri) => uri is null ? "-" : uri.GetLeftPart(UriPartial.Path);

    private static BadHttpRequestException? ClientBodyFault(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }
}
