using System.Runtime.CompilerServices;
using Protocols.Anthropic;
using Protocols.Translation;

namespace Protocols.Client;

// POST /v1/messages with stream: true. The upstream SSE body is read chunk by chunk (OpenAIStreamReader), each chunk
// translated at once (StreamTranslator) and its events yielded before the next chunk is read: nothing is buffered.
public sealed partial class AnthropicCompatibleClient
{
    private const string StreamOperation = "messages.stream";

    /// <summary>
    /// Sends a Messages request as a stream and yields the Anthropic events as the backend produces them
    /// (<c>message_start</c>, <c>content_block_*</c>, <c>message_delta</c>, <c>message_stop</c>, <c>ping</c>). Retries happen
    /// only before the first event; an <c>error</c> event or a failure mid-stream is thrown from the enumerator as a typed
    /// error. Use <see cref="MessageAccumulator"/> or <see cref="MessageStreamExtensions.ToMessageAsync"/> for the final message.
    /// </summary>
    /// <param name="request">The Anthropic request (its <c>stream</c> member is ignored).</param>
    /// <param name="cancellationToken">Cancels the call and the stream.</param>
    /// <returns>The events.</returns>
    /// <exception cref="AnthropicClientException">A typed error, thrown while enumerating.</exception>
    public IAsyncEnumerable<IMessageStreamEvent> StreamMessageAsync(CreateMessageParams request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StreamCoreAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<IMessageStreamEvent> StreamCoreAsync(CreateMessageParams request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prepared = Prepare(request, stream: true, StreamOperation);
        var reservation = Reserve(prepared, StreamOperation);
        var translator = new StreamTranslator(prepared.State, _options.Translation, prepared.Report);
        var settled = false;
        var pushed = false;
        try
        {
            using var upstream = await SendAsync(
                StreamOperation,
                () => CreateHttpRequest(HttpMethod.Post, Endpoint.ChatCompletions, prepared.Body, stream: true),
                bufferBody: false,
                cancellationToken).ConfigureAwait(false);
            if (upstream.Response.Content.Headers.ContentType?.MediaType is "application/json")
            {
                // The backend ignored stream: true and answered with one body: translated whole, then replayed as events.
                var whole = await upstream.Response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                Message answer;
                try
                {
                    answer = TranslateBody(whole, prepared, upstream.RequestId);
                }
                catch (AnthropicClientException e)
                {
                    Fail(e, StreamOperation, upstream.Attempts, upstream.Started);
                    throw;
                }

                foreach (var e in MessageReplay.Events(answer))
                {
                    yield return e;
                }

                RecordUsage(prepared, answer.Usage, reservation);
                settled = true;
                Succeed(StreamOperation, upstream);
                yield break;
            }

            var body = await upstream.Response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            var reader = OpenAIStreamReader.ReadAsync(body, linked.Token).GetAsyncEnumerator(linked.Token);
            var output = new StreamOutput();
            var delivered = 0;
            try
            {
                while (true)
                {
                    // The read timeout applies between two upstream events.
                    idle.CancelAfter(_options.ReadTimeout);
                    bool more;
                    try
                    {
                        more = await reader.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (MapStreamFailure(e, idle.Token, cancellationToken, upstream, delivered) is { } mapped)
                    {
                        throw mapped;
                    }

                    if (!more)
                    {
                        translator.Complete(output);
                    }
                    else
                    {
                        pushed |= reader.Current.Chunk is not null;
                        translator.Accept(reader.Current, output);
                    }

                    foreach (var e in output.Events)
                    {
                        if (e.Data is ErrorResponse errorEvent)
                        {
                            throw StreamError(errorEvent, pushed, upstream, delivered);
                        }

                        if (e.Data is IMessageStreamEvent streamEvent)
                        {
                            delivered++;
                            yield return streamEvent;
                        }
                    }

                    output.Clear();
                    if (translator.IsFinished || !more)
                    {
                        break;
                    }
                }
            }
            finally
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            var message = translator.Snapshot();
            RecordUsage(prepared, message.Usage, reservation);
            settled = true;
            Succeed(StreamOperation, upstream);
        }
        finally
        {
            if (!settled && reservation is not null && _options.Budget is { } budget)
            {
                // A stream that failed part-way still used what it produced; one that never started costs nothing.
                reservation.Settle(pushed ? Cost(budget, prepared.TargetModel, translator.Snapshot().Usage) : 0);
            }
        }
    }

    private AnthropicClientException? MapStreamFailure(Exception e, CancellationToken idle, CancellationToken caller, UpstreamResponse upstream, int delivered)
    {
        AnthropicClientException? mapped = e switch
        {
            TranslationException t => ClientErrors.FromTranslation(t, upstream.RequestId, null, _scrubber),
            OperationCanceledException when idle.IsCancellationRequested && !caller.IsCancellationRequested =>
                new UpstreamTimeoutException($"the stream from {_server} was silent for longer than the read timeout ({_options.ReadTimeout.TotalSeconds:0.###} s) after {delivered} event(s)", requestId: upstream.RequestId, innerException: e),
            IOException or HttpRequestException =>
                new TransportException($"the stream from {_server} broke after {delivered} event(s): {_scrubber.Scrub(e.Message)}", e),
            _ => null,
        };
        if (mapped is not null)
        {
            StreamFailed(mapped, upstream, delivered);
        }

        return mapped;
    }

    private AnthropicClientException StreamError(ErrorResponse error, bool receivedData, UpstreamResponse upstream, int delivered)
    {
        var type = ErrorBodies.TypeOf(error);
        AnthropicClientException mapped = !receivedData && type == "api_error"
            ? ClientErrors.Empty(_scrubber.Scrub(ErrorBodies.MessageOf(error)), upstream.RequestId, null)
            : ClientErrors.FromStreamError(error, upstream.RequestId, _scrubber);
        StreamFailed(mapped, upstream, delivered);
        return mapped;
    }

    private void StreamFailed(AnthropicClientException e, UpstreamResponse upstream, int delivered)
    {
        ClientLog.StreamFailed(_logger, StreamOperation, delivered, e.ErrorType);
        Fail(e, StreamOperation, upstream.Attempts, upstream.Started);
    }
}
