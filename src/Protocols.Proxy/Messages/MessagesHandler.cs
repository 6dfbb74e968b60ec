using System.Net.Http.Headers;
using Protocols.Anthropic;
using Protocols.OpenAI;
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
/// <param name="time">The clock (rate-limit reset times).</param>
/// <param name="logger">The logger.</param>
internal sealed class MessagesHandler(
    ProxySettings settings, UpstreamClient upstream, StreamingResponder streaming, TimeProvider time, ILogger<MessagesHandler> logger)
{
    private const int MaxErrorBodyBytes = 1024 * 1024;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Handles the request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        using var body = await RequestBody.ReadAsync(context.Request, settings.MaxBodySize);
        if (body is null)
        {
            await AnthropicErrors.WriteAsync(context, 413, "request_too_large", RequestBody.RequestTooLarge(settings.MaxBodySize));
            return;
        }

        LogBody(record, "request", body.WrittenSpan);

        // 1. Parse and translate the request (400 naming the field on anything the target cannot take).
        var translation = new RequestContext(settings.Translation);
        CreateChatCompletionRequest upstreamRequest;
        try
        {
            var request = AnthropicRequestReader.Parse(body.WrittenSpan);
            record.RequestedModel = request.Model.Value;
            upstreamRequest = RequestTranslator.Translate(request, translation);
        }
        catch (TranslationException e)
        {
            await AnthropicErrors.WriteAsync(context, e.Status, e.ErrorType, e.Message);
            return;
        }

        record.TargetModel = upstreamRequest.Model.Value;

        // 2. Send it; wait for the response headers only.
        using var call = new UpstreamCall(context.RequestAborted);
        using var payload = JsonResponse.Serialize(upstreamRequest, body.WrittenCount + 1024);
        LogBody(record, "upstream request", payload.WrittenSpan);
        using var message = upstream.NewRequest(HttpMethod.Post, upstream.Endpoint.ChatCompletions);
        message.Content = new ReadOnlyMemoryContent(payload.WrittenMemory);
        message.Content.Headers.ContentType = Json;
        var sent = await upstream.SendAsync(message, call, record.RequestId);
        if (sent.Response is not { } response)
        {
            await WriteFailureAsync(context, record, sent);
            return;
        }

        using (response)
        {
            RateLimitHeaders.Apply(response, context.Response, time.GetUtcNow());

            // 3. An upstream error before the first byte keeps its status, in the Anthropic shape (C71, C73).
            if (!response.IsSuccessStatusCode)
            {
                await WriteUpstreamErrorAsync(context, record, response, call);
                return;
            }

            if (translation.State.Stream)
            {
                await streaming.RunAsync(context, response, call, translation, record);
                return;
            }

            await WriteMessageAsync(context, record, response, call, translation);
        }
    }

    /// <summary>Writes the error for a send that produced no response.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="record">The request's record.</param>
    /// <param name="sent">The failed send.</param>
    /// <returns>A task.</returns>
    internal static Task WriteFailureAsync(HttpContext context, RequestRecord record, UpstreamSendResult sent)
    {
        switch (sent.Failure)
        {
            case UpstreamFailure.ClientGone:
                record.Outcome = "client_closed";
                return Task.CompletedTask;
            case UpstreamFailure.Timeout:
                record.Outcome = "upstream_timeout";
                return AnthropicErrors.WriteAsync(context, 504, "timeout_error", sent.Message ?? "upstream timed out");
            default:
                record.Outcome = "upstream_unreachable";
                return AnthropicErrors.WriteAsync(context, 502, "api_error", sent.Message ?? "upstream unreachable");
        }
    }

    /// <summary>Reads an upstream error body (bounded) and writes it translated.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="record">The request's record.</param>
    /// <param name="response">The upstream response.</param>
    /// <param name="call">The exchange's cancellation.</param>
    /// <returns>A task.</returns>
    internal static async Task WriteUpstreamErrorAsync(HttpContext context, RequestRecord record, HttpResponseMessage response, UpstreamCall call)
    {
        using var errorBody = new PooledBufferWriter(4096);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(call.Token);
            while (errorBody.WrittenCount < MaxErrorBodyBytes)
            {
                var read = await stream.ReadAsync(errorBody.GetMemory(4096), call.Token);
                if (read == 0)
                {
                    break;
                }

                errorBody.Advance(read);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !call.ClientGone))
        {
            // The status says enough; the body is best effort.
        }

        var (status, error) = ErrorTranslator.FromUpstream(
            (int)response.StatusCode, errorBody.WrittenSpan, response.Content.Headers.ContentType?.ToString(), record.RequestId);
        record.Outcome = "upstream_" + (int)response.StatusCode;
        await AnthropicErrors.WriteAsync(context, status, error);
    }

    private async Task WriteMessageAsync(HttpContext context, RequestRecord record, HttpResponseMessage response, UpstreamCall call, RequestContext translation)
    {
        byte[] upstreamBody;
        try
        {
            upstreamBody = await response.Content.ReadAsByteArrayAsync(call.Token);
        }
        catch (OperationCanceledException) when (call.ClientGone)
        {
            record.Outcome = "client_closed";
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            var timedOut = call.TimedOut;
            record.Outcome = timedOut ? "upstream_timeout" : "upstream_broken";
            await AnthropicErrors.WriteAsync(context, timedOut ? 504 : 502, timedOut ? "timeout_error" : "api_error",
                timedOut ? $"upstream stopped sending for {call.Limit.TotalSeconds:0.###}s (UPSTREAM_IDLE_TIMEOUT)" : "upstream connection lost while reading the response");
            return;
        }

        LogBody(record, "upstream response", upstreamBody);
        Message result;
        try
        {
            result = ResponseTranslator.TranslateBody(upstreamBody, new ResponseContext(settings.Translation, translation.State, translation.Report));
        }
        catch (TranslationException e)
        {
            record.Outcome = "bad_upstream_response";
            await AnthropicErrors.WriteAsync(context, e.Status, e.ErrorType, e.Message);
            return;
        }

        record.InputTokens = result.Usage.InputTokens + (result.Usage.CacheReadInputTokens ?? 0);
        record.OutputTokens = result.Usage.OutputTokens;
        SetConversionHeader(context.Response, translation.Report, record);
        await JsonResponse.WriteAsync(context.Response, 200, result);
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
            ProxyLog.Body(logger, record.RequestId, what, SecretRedactor.Body(body));
        }
    }
}
