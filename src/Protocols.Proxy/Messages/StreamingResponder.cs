using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Protocols.Anthropic;
using Protocols.Core;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;
using Protocols.Proxy.Http;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Upstream;
using Protocols.Translation;

namespace Protocols.Proxy.Messages;

/// <summary>
/// The streaming half of <c>POST /v1/messages</c>: upstream chunks (SseParser) → the stream state
/// machine → Anthropic events written by <see cref="SseFormatter"/> as they are produced, nothing
/// held back: the events written are flushed whenever the next upstream read would wait (so no event waits
/// for a later one) and events produced together share one socket write (<see cref="UnflushedBodyStream"/>). Pings on upstream
/// silence (C54); a client that goes away cancels the upstream read at once (C72); an upstream that
/// fails mid-stream ends the stream with an <c>error</c> event (C70).
/// </summary>
/// <param name="settings">The settings.</param>
/// <param name="metrics">The instruments.</param>
/// <param name="scrubber">Removes the upstream key from error messages bound for the client (C75).</param>
/// <param name="logger">The logger.</param>
internal sealed class StreamingResponder(ProxySettings settings, ProxyMetrics metrics, Protocols.Client.SecretScrubber scrubber, ILogger<StreamingResponder> logger)
{
    /// <summary>Pending bytes after which the stream is flushed even while the upstream keeps data coming.</summary>
    private const int FlushThreshold = 16 * 1024;

    /// <summary>Relays the stream.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="upstream">The upstream response's body (of a 2xx, unread).</param>
    /// <param name="call">The exchange's cancellation.</param>
    /// <param name="translation">The request translation's context.</param>
    /// <param name="record">The request's record.</param>
    /// <returns>A task.</returns>
    public async Task RunAsync(HttpContext context, HttpContent upstream, UpstreamCall call, RequestContext translation, RequestRecord record)
    {
        StartResponse(context, translation, record);
        metrics.ActiveStreams(1);
        var json = new Utf8JsonWriter(Stream.Null, JsonModel.WriterOptions);
        var sink = new UnflushedBodyStream(context.Response.BodyWriter);
        try
        {
            await using var body = await upstream.ReadAsStreamAsync(call.Token);
            await SseFormatter.WriteAsync(
                TranslateAsync(body, call, translation, record, sink),
                sink,
                (item, writer) => Write(json, item, writer),
                context.RequestAborted);
            await sink.FlushAsync(context.RequestAborted);
        }
        catch (Exception e) when (call.ClientGone && e is OperationCanceledException or IOException)
        {
            record.Outcome = "client_closed";
        }
        finally
        {
            // Whatever happened, the upstream exchange ends here (disposing the response closes it).
            call.Cancel();
            json.Dispose();
            metrics.ActiveStreams(-1);
        }
    }

    /// <summary>
    /// Streams a whole answer (the upstream ignored <c>stream: true</c> and sent one JSON body) as the events it
    /// corresponds to (<see cref="MessageReplay"/>): the client asked for a stream and gets a complete one.
    /// </summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="answer">The translated answer.</param>
    /// <param name="translation">The request translation's context.</param>
    /// <param name="record">The request's record.</param>
    /// <returns>A task.</returns>
    public async Task ReplayAsync(HttpContext context, Message answer, RequestContext translation, RequestRecord record)
    {
        StartResponse(context, translation, record);
        var json = new Utf8JsonWriter(Stream.Null, JsonModel.WriterOptions);
        try
        {
            // All events are at hand: written into the pipe unflushed and sent with one flush, not one write per event.
            var events = MessageReplay.Events(answer).Select(e => new SseItem<StreamEvent>(new StreamEvent(MessageReplay.NameOf(e), e), MessageReplay.NameOf(e)));
            var sink = new UnflushedBodyStream(context.Response.BodyWriter);
            await SseFormatter.WriteAsync(events.ToAsyncEnumerable(), sink, (item, writer) => Write(json, item, writer), context.RequestAborted);
            await sink.FlushAsync(context.RequestAborted);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            record.Outcome = "client_closed";
        }
        finally
        {
            json.Dispose();
        }
    }

    /// <summary>
    /// Gathers an upstream stream into the one message a non-streaming request asked for (the upstream streamed
    /// although <c>stream</c> was false, as some servers always do): the chunks go through the same stream translation,
    /// and its events are added up (<see cref="Protocols.Client.MessageAccumulator"/>). A failure — an in-stream error,
    /// a broken connection, silence past the idle timeout, an unreadable chunk — is written as an Anthropic error instead.
    /// </summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="upstream">The upstream response (2xx, an event stream, body unread).</param>
    /// <param name="call">The exchange's cancellation.</param>
    /// <param name="translation">The request translation's context.</param>
    /// <param name="record">The request's record.</param>
    /// <returns>The message, or null when an error was written (or the client went away).</returns>
    public async Task<Message?> GatherAsync(HttpContext context, HttpResponseMessage upstream, UpstreamCall call, RequestContext translation, RequestRecord record)
    {
        var translator = new StreamTranslator(translation.State, settings.Translation, translation.Report);
        var output = new StreamOutput();
        var message = new Protocols.Client.MessageAccumulator();
        Protocols.Anthropic.ErrorResponse? failure = null;
        translator.Start(output);
        Add(output, message, ref failure);

        // The same walk as the relay (UpstreamCursor: idle timeout, client gone, failures as steps); its pings have no
        // one to go to while a client waits for a single message.
        await using var body = await upstream.Content.ReadAsStreamAsync(call.Token);
        await using var items = OpenAIStreamReader.ReadAsync(body, call.Token).GetAsyncEnumerator(call.Token);
        var cursor = new UpstreamCursor(items, call, settings.Translation.PingInterval, settings.IdleTimeout);
        while (!translator.IsFinished)
        {
            var step = await cursor.NextAsync();
            switch (step.Kind)
            {
                case StepKind.Item:
                    translator.Accept(step.Item, output);
                    break;
                case StepKind.End:
                    translator.Complete(output);
                    break;
                case StepKind.Failed:
                    record.Outcome = step.ErrorType == "timeout_error" ? "upstream_timeout" : "upstream_broken";
                    await AnthropicErrors.WriteAsync(context, StatusOfFailure(step.ErrorType!), step.ErrorType!, step.Message!);
                    return null;
                case StepKind.ClientGone:
                    record.Outcome = "client_closed";
                    return null;
            }

            Add(output, message, ref failure);
        }

        if (failure is not null)
        {
            record.Outcome = "stream_error";
            await AnthropicErrors.WriteAsync(context, ErrorTranslator.StatusOf(failure), failure);
            return null;
        }

        return message.ToMessage();
    }

    /// <summary>The status of an upstream failure before the answer was sent: 504 for silence, else its type's, an <c>api_error</c> being the upstream's fault (502).</summary>
    private static int StatusOfFailure(string errorType) => errorType switch
    {
        "timeout_error" => 504,
        "api_error" => 502,
        _ => ErrorTranslator.StatusForErrorType(errorType),
    };

    /// <summary>Adds one step's events to the message being gathered; an <c>error</c> event is kept aside.</summary>
    private static void Add(StreamOutput output, Protocols.Client.MessageAccumulator message, ref Protocols.Anthropic.ErrorResponse? failure)
    {
        foreach (var e in output.Events)
        {
            if (e.Data is IMessageStreamEvent streamEvent)
            {
                message.Add(streamEvent);
            }
            else if (e.Data is Protocols.Anthropic.ErrorResponse error)
            {
                failure ??= error;
            }
        }

        output.Clear();
    }

    private static void StartResponse(HttpContext context, RequestContext translation, RequestRecord record)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        MessagesHandler.SetConversionHeader(response, translation.Report, record);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private static void Write(Utf8JsonWriter json, SseItem<StreamEvent> item, IBufferWriter<byte> writer)
    {
        json.Reset(writer);
        item.Data.Data.WriteTo(json);
        json.Flush();
    }

    private async IAsyncEnumerable<SseItem<StreamEvent>> TranslateAsync(
        Stream body, UpstreamCall call, RequestContext translation, RequestRecord record, UnflushedBodyStream sink,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var translator = new StreamTranslator(translation.State, settings.Translation, translation.Report);
        var output = new StreamOutput();
        translator.Start(output);
        foreach (var e in Drain(output, record))
        {
            yield return e;
        }

        await using var items = OpenAIStreamReader.ReadAsync(body, call.Token).GetAsyncEnumerator(call.Token);
        var cursor = new UpstreamCursor(items, call, settings.Translation.PingInterval, settings.IdleTimeout);
        var ended = false;
        while (!ended && !translator.IsFinished)
        {
            // Everything produced so far has been written to the sink (SseFormatter writes an item before asking for
            // the next): it goes to the client now if the next upstream read has to wait, or once 16 KB are pending.
            var next = cursor.NextAsync();
            if (!next.IsCompleted || sink.Unflushed >= FlushThreshold)
            {
                await sink.FlushAsync(cancellationToken);
            }

            var step = await next;
            switch (step.Kind)
            {
                case StepKind.Ping:
                    translator.Ping(output);
                    break;
                case StepKind.Item:
                    // A chunk, an in-stream error or [DONE]; the last two finish the translator, which ends the loop.
                    translator.Accept(step.Item, output);
                    break;
                case StepKind.End:
                    translator.Complete(output);
                    ended = true;
                    break;
                case StepKind.Failed:
                    translator.Fail(step.ErrorType!, step.Message!, output);
                    ended = true;
                    break;
                case StepKind.ClientGone:
                    record.Outcome = "client_closed";
                    yield break;
            }

            foreach (var e in Drain(output, record))
            {
                yield return e;
            }
        }
    }

    /// <summary>Hands out the events one step produced, noting usage and errors for the request's record.</summary>
    private IEnumerable<SseItem<StreamEvent>> Drain(StreamOutput output, RequestRecord record)
    {
        foreach (var e in output.Events)
        {
            switch (e.Data)
            {
                case MessageStartEvent start:
                    record.InputTokens = start.Message.Usage.InputTokens + (start.Message.Usage.CacheReadInputTokens ?? 0);
                    break;
                case MessageDeltaEvent delta:
                    record.OutputTokens = delta.Usage.OutputTokens;
                    if (delta.Usage.InputTokens is { } input)
                    {
                        record.InputTokens = input + (delta.Usage.CacheReadInputTokens ?? 0);
                    }

                    break;
                case Protocols.Anthropic.ErrorResponse error when e.Name == "error":
                    // C70/C75: an upstream message may echo the key the proxy sent; it reaches neither the client nor the log.
                    var scrubbed = AnthropicErrors.Scrub(error, scrubber);
                    record.Outcome = "stream_error";
                    ProxyLog.StreamFailed(logger, record.RequestId, "error", JsonModel.ToJsonString(scrubbed));
                    yield return new SseItem<StreamEvent>(new StreamEvent(e.Name, scrubbed), e.Name);
                    continue;
            }

            yield return new SseItem<StreamEvent>(e, e.Name);
        }

        output.Clear();
    }
}
