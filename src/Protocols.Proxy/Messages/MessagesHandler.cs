using Protocols.Core;
using System.Net.Http.Headers;
using Protocols.Anthropic;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;
using Protocols.Proxy.Http;
using Protocols.Proxy.Limits;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Upstream;
using Protocols.Translation;

namespace Protocols.Proxy.Messages;

/// <summary>
/// <c>POST /v1/messages</c>: Anthropic request → OpenAI request → upstream → Anthropic response or
/// event stream. The body is parsed once, translated once, serialized once; the upstream answer is
/// awaited for its headers only, so an upstream error is returned as that status (C71) and a stream is
/// relayed as it arrives (<see cref="StreamingResponder"/>).
/// </summary>
/// <param name="settings">The settings.</param>
/// <param name="upstream">The upstream client.</param>
/// <param name="streaming">The streaming half.</param>
/// <param name="cache">The translations of recently seen tool lists and system prompts.</param>
/// <param name="time">The clock (rate-limit reset times).</param>
/// <param name="scrubber">Removes the upstream key from logged bodies.</param>
/// <param name="logger">The logger.</param>
internal sealed class MessagesHandler(
    ProxySettings settings, UpstreamClient upstream, StreamingResponder streaming, TranslationCache cache, TimeProvider time,
    Protocols.Client.SecretScrubber scrubber, ILogger<MessagesHandler> logger)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // One warning per proxy (the handler is a singleton) for an upstream that does not stream as asked (see NoteMismatch).
    private int _mismatchLogged;

    /// <summary>Handles the request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        using var body = await RequestBody.ReadOrRefuseAsync(context, settings.MaxBodySize);
        if (body is null)
        {
            return;
        }

        LogBody(record, "request", body.WrittenSpan);

        // 1. Parse and translate the request (400 naming the field on anything the target cannot take).
        //    Tools and system prompts the client sent before (Claude Code resends the same ~37 KB each time) come from the cache.
        var translation = new RequestContext(settings.Translation);
        TranslatedRequest translated;
        try
        {
            translated = RequestTranslator.TranslateBody(body.WrittenSpan, translation, cache);
        }
        catch (TranslationException e)
        {
            await AnthropicErrors.WriteAsync(context, e.Status, e.ErrorType, e.Message);
            return;
        }
        finally
        {
            // Known as soon as the body was read, so the log line has it for a refused request too.
            if (translation.State.RequestedModel.Length > 0)
            {
                record.RequestedModel = translation.State.RequestedModel;
            }
        }

        record.TargetModel = translated.Request.Model.Value;

        // 2. Send it; wait for the response headers only.
        using var call = new UpstreamCall(context.RequestAborted);
        using var payload = new PooledBufferWriter(body.WrittenCount + 1024);
        translated.WriteJson(payload);
        LogBody(record, "upstream request", payload.WrittenSpan);
        using var message = upstream.NewRequest(HttpMethod.Post, upstream.Endpoint.ChatCompletions, context.Request);
        message.Content = new ReadOnlyMemoryContent(payload.WrittenMemory);
        message.Content.Headers.ContentType = Json;
        var sent = await upstream.SendAsync(message, call, record.RequestId);
        if (sent.Response is not { } response)
        {
            await UpstreamErrors.WriteFailureAsync(context, record, sent);
            return;
        }

        using (response)
        {
            CopyRateLimitHeaders(response, context.Response, time.GetUtcNow());

            // 3. An upstream error before the first byte keeps its status, in the Anthropic shape (C71, C73).
            if (!response.IsSuccessStatusCode)
            {
                await UpstreamErrors.WriteUpstreamErrorAsync(context, record, response, call);
                return;
            }

            // A stream is relayed as it arrives unless the upstream says it sent JSON, or an HTML page (a captive portal, a
            // login wall answering 200): those are read whole, so the page is a 502 before any event, not a broken stream.
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (translation.State.Stream && mediaType is not ("application/json" or "text/html"))
            {
                await streaming.RunAsync(context, response.Content, call, translation, record);
                return;
            }

            // A JSON answer: asked for, or the upstream ignored stream: true (some servers and gateways do) — then it is
            // translated whole and replayed as the events it corresponds to, rather than read as an empty stream.
            // An event stream to a non-streaming request (some servers always stream) is gathered into the message.
            Message? answer;
            if (mediaType is "text/event-stream")
            {
                NoteMismatch(record, gather: true);
                answer = await streaming.GatherAsync(context, response, call, translation, record);
            }
            else
            {
                if (await ReadBodyAsync(context, record, response, call) is not { } upstreamBody)
                {
                    return;
                }

                if (translation.State.Stream && LooksLikeEventStream(upstreamBody))
                {
                    // An event stream labelled as JSON (a misconfigured server): relayed as the stream it is, though
                    // only once it has arrived whole.
                    using var whole = new ByteArrayContent(upstreamBody);
                    await streaming.RunAsync(context, whole, call, translation, record);
                    return;
                }

                if (translation.State.Stream && mediaType is "application/json")
                {
                    NoteMismatch(record, gather: false);
                }

                answer = await TranslateAnswerAsync(context, record, upstreamBody, translation);
            }

            if (answer is null)
            {
                return;
            }

            if (translation.State.Stream)
            {
                await streaming.ReplayAsync(context, answer, translation, record);
                return;
            }

            SetConversionHeader(context.Response, translation.Report, record);
            await JsonResponse.WriteAsync(context.Response, 200, answer);
        }
    }

    /// <summary>
    /// An upstream that does not stream as asked (answers whole, or always streams) is told in the request's log line,
    /// and once per proxy as a warning: the operator learns why its clients see no text until the answer is complete.
    /// </summary>
    private void NoteMismatch(RequestRecord record, bool gather)
    {
        record.Outcome = gather ? "upstream_streamed" : "upstream_not_streaming";
        if (Interlocked.Exchange(ref _mismatchLogged, 1) == 0)
        {
            ProxyLog.StreamMismatch(logger, record.RequestId,
                gather ? "non-streaming" : "streaming",
                gather ? "an event stream" : "one JSON body (it ignores stream: true)",
                gather ? "the events are gathered into the message" : "the answer is replayed as a stream once complete, so clients see no text until then",
                record.Outcome);
        }
    }

    /// <summary>Reads the upstream's whole body; null when it could not be (the error has been written).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context, RequestRecord record, HttpResponseMessage response, UpstreamCall call)
    {
        try
        {
            var body = await UpstreamBody.ReadAllAsync(response.Content, call);
            LogBody(record, "upstream response", body);
            return body;
        }
        catch (OperationCanceledException) when (call.ClientGone)
        {
            record.Outcome = "client_closed";
            return null;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            var timedOut = call.TimedOut;
            record.Outcome = timedOut ? "upstream_timeout" : "upstream_broken";
            await AnthropicErrors.WriteAsync(context, timedOut ? 504 : 502, timedOut ? "timeout_error" : "api_error",
                timedOut ? $"upstream stopped sending for {call.Limit.TotalSeconds:0.###}s (UPSTREAM_IDLE_TIMEOUT)" : "upstream connection lost while reading the response");
            return null;
        }
    }

    /// <summary>Translates a JSON answer; null when it could not be (the error has been written).</summary>
    private async Task<Message?> TranslateAnswerAsync(HttpContext context, RequestRecord record, byte[] upstreamBody, RequestContext translation)
    {
        Message result;
        try
        {
            result = ResponseTranslator.TranslateBody(upstreamBody, new ResponseContext(settings.Translation, translation.State, translation.Report));
        }
        catch (TranslationException e)
        {
            record.Outcome = "bad_upstream_response";
            await AnthropicErrors.WriteAsync(context, e.Status, e.ErrorType, e.Message);
            return null;
        }

        record.InputTokens = result.Usage.InputTokens + (result.Usage.CacheReadInputTokens ?? 0);
        record.OutputTokens = result.Usage.OutputTokens;
        return result;
    }

    /// <summary>Whether a body labelled JSON is in fact an event stream: its first line is an SSE field or comment.</summary>
    /// <param name="body">The body.</param>
    /// <returns>True for <c>data:</c>, <c>event:</c>, <c>id:</c>, <c>retry:</c> or a <c>:</c> comment first.</returns>
    internal static bool LooksLikeEventStream(ReadOnlySpan<byte> body)
    {
        body = body.TrimStart(" \t\r\n"u8);
        return body.StartsWith("data:"u8) || body.StartsWith("event:"u8) || body.StartsWith(":"u8)
            || body.StartsWith("id:"u8) || body.StartsWith("retry:"u8);
    }

    /// <summary>
    /// C78: the upstream's <c>x-ratelimit-*</c> headers as <c>anthropic-ratelimit-*</c> (the client library's conversion:
    /// resets become RFC 3339 times), on every answer, error or stream; C73: <c>retry-after</c> is passed through as the
    /// upstream wrote it (seconds or an HTTP date), not re-derived.
    /// </summary>
    /// <param name="upstream">The upstream response.</param>
    /// <param name="response">The client response (headers not yet sent).</param>
    /// <param name="now">When the upstream response arrived.</param>
    internal static void CopyRateLimitHeaders(HttpResponseMessage upstream, HttpResponse response, DateTimeOffset now)
    {
        foreach (var (name, value) in Protocols.Client.RateLimitHeaders.Parse(upstream.Headers, now).ToAnthropicHeaders(now, includeRetryAfter: false))
        {
            response.Headers[name] = value;
        }

        if (upstream.Headers.NonValidated.TryGetValues("retry-after", out var retryAfter) && retryAfter.Count > 0)
        {
            response.Headers.RetryAfter = retryAfter.ToString();
        }
    }

    /// <summary>Puts the conversion report's codes in the response header (C: lossy steps are visible).</summary>
    /// <param name="response">The response.</param>
    /// <param name="report">The report.</param>
    /// <param name="record">The request's record.</param>
    internal static void SetConversionHeader(HttpResponse response, ConversionReport report, RequestRecord record)
    {
        var codes = report.ToHeaderValue();
        record.Lossy = codes;
        if (codes.Length > 0)
        {
            response.Headers[ConversionReport.HeaderName] = codes;
        }
    }

    private void LogBody(RequestRecord record, string what, ReadOnlySpan<byte> body)
    {
        if (settings.Verbose && logger.IsEnabled(LogLevel.Trace))
        {
            ProxyLog.Body(logger, record.RequestId, what, SecretRedactor.Body(body, scrubber));
        }
    }
}
