using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Features;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Upstream;

namespace Protocols.Proxy.Passthrough;

/// <summary>
/// <c>BACKEND=anthropic</c>: every <c>/v1/*</c> request goes to the Anthropic API as it came — method,
/// path, query, body and headers (<c>anthropic-version</c>, <c>anthropic-beta</c> …) — and the answer
/// comes back byte for byte, streamed as it arrives. Only hop-by-hop headers are dropped, and the
/// credential is <c>UPSTREAM_API_KEY</c> when set (the client's own key otherwise, unless it was a
/// proxy client key).
/// </summary>
/// <param name="settings">The settings.</param>
/// <param name="upstream">The upstream's addresses.</param>
internal sealed class AnthropicPassthrough(ProxySettings settings, UpstreamClient upstream)
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    /// <summary>Forwards the request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public async Task ForwardAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        var incoming = context.Request;
        var target = UpstreamBaseUrl.Under(upstream.Endpoint.BaseUrl, incoming.Path.ToUriComponent() + incoming.QueryString.ToUriComponent());
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target) { Version = System.Net.HttpVersion.Version11 };
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name) || IsCredential(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (!string.IsNullOrEmpty(settings.UpstreamApiKey))
        {
            request.Headers.TryAddWithoutValidation("x-api-key", settings.UpstreamApiKey);
        }
        else if (settings.ClientKeyHashes.Count == 0)
        {
            // The client's own Anthropic credential goes through untouched.
            CopyCredential(incoming, request, "x-api-key");
            CopyCredential(incoming, request, "Authorization");
        }

        using var call = new UpstreamCall(context.RequestAborted);
        var sent = await upstream.SendAsync(request, call, record.RequestId);
        if (sent.Response is not { } response)
        {
            await UpstreamErrors.WriteFailureAsync(context, record, sent);
            return;
        }

        using (response)
        {
            var outgoing = context.Response;
            outgoing.StatusCode = (int)response.StatusCode;
            CopyHeaders(response.Headers, outgoing);
            CopyHeaders(response.Content.Headers, outgoing);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(call.Token);
                var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer, call.Token)) > 0)
                    {
                        call.Touch();
                        await outgoing.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                        await outgoing.Body.FlushAsync(context.RequestAborted);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
                // Headers are out: all that can be done is to end the response where the upstream did.
                record.Outcome = call.ClientGone ? "client_closed" : "upstream_broken";
                context.Abort();
            }
        }
    }

    private static bool IsCredential(string name) =>
        name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase) || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase);

    private static void CopyCredential(HttpRequest incoming, HttpRequestMessage request, string name)
    {
        if (incoming.Headers.TryGetValue(name, out var values))
        {
            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    private static void CopyHeaders(HttpHeaders headers, HttpResponse outgoing)
    {
        foreach (var (name, values) in headers)
        {
            if (!HopByHop.Contains(name))
            {
                outgoing.Headers[name] = values.ToArray();
            }
        }
    }
}
