using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Protocols.Core;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>
/// Reads an OpenAI chat-completions SSE body into chunks (C68, C69). The framing — lines split across
/// reads, <c>data:</c> without a space, CRLF, comment lines, UTF-8 split across reads — is
/// <see cref="SseParser"/>'s job; this class only interprets each event's data.
/// </summary>
public static class OpenAIStreamReader
{
    /// <summary>Reads the items of an upstream stream; ends after <c>[DONE]</c> or at the end of the body.</summary>
    /// <param name="body">The response body.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Chunks, in-stream errors (<c>data: {"error":{…}}</c>), and one <c>Done</c> item for <c>[DONE]</c>.</returns>
    /// <exception cref="TranslationException">502 <c>api_error</c>: an event's data is not a chunk (malformed JSON).</exception>
    public static async IAsyncEnumerable<UpstreamStreamItem> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var parser = SseParser.Create(body, static (eventType, data) => ParseItem(eventType, data));
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            var value = item.Data;
            if (value.Chunk is null && value.Error is null && !value.Done)
            {
                // An event without data (keep-alive) or with only whitespace.
                continue;
            }

            yield return value;
            if (value.Done)
            {
                // C68: [DONE] ends the stream; it is never forwarded.
                yield break;
            }
        }
    }

    /// <summary>Interprets the data of one event.</summary>
    /// <param name="eventType">The SSE event type (<c>message</c> unless the upstream names one).</param>
    /// <param name="data">The event data.</param>
    /// <returns>The item; all members empty for an event to skip.</returns>
    internal static UpstreamStreamItem ParseItem(string eventType, ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return default;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return new UpstreamStreamItem(null, null, true);
        }

        if (eventType == "error")
        {
            // Some gateways name the event: event: error / data: {...} (or plain text).
            return new UpstreamStreamItem(null, ReadError(data), false);
        }

        CreateChatCompletionStreamResponse chunk;
        try
        {
            chunk = JsonModel.Parse<CreateChatCompletionStreamResponse>(data);
        }
        catch (Exception e) when (e is ProtocolJsonException or InvalidOperationException or FormatException)
        {
            if (OpenAIErrorBody.TryRead(data, out var error))
            {
                return new UpstreamStreamItem(null, error, false);
            }

            throw TranslationException.BadUpstream("upstream sent a malformed stream chunk: " + ErrorTranslator.Redact(e.Message), e);
        }

        if (OpenAIErrorBody.TryReadChunkError(chunk, out var inChunk))
        {
            // data: {"error": {...}} — the lenient chunk reader keeps it as an unknown member (C70).
            return new UpstreamStreamItem(null, inChunk, false);
        }

        return new UpstreamStreamItem(chunk, null, false);
    }

    private static Protocols.OpenAI.ErrorResponse ReadError(ReadOnlySpan<byte> data)
    {
        if (OpenAIErrorBody.TryRead(data, out var error))
        {
            return error;
        }

        var text = System.Text.Encoding.UTF8.GetString(data[..Math.Min(data.Length, 500)]);
        return PlainError(text);
    }

    private static Protocols.OpenAI.ErrorResponse PlainError(string message) => new()
    {
        Error = new Protocols.OpenAI.Error { Message = message, Type = "server_error", Code = null, Param = null },
    };
}
