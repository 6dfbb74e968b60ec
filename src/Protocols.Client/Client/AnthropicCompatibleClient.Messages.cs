using Protocols.Anthropic;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Translation;

namespace Protocols.Client;

// POST /v1/messages without streaming.
public sealed partial class AnthropicCompatibleClient
{
    private const string CreateOperation = "messages.create";

    /// <summary>Sends a Messages request and returns the answer (the request's <c>stream</c> member is ignored).</summary>
    /// <param name="request">The Anthropic request.</param>
    /// <param name="cancellationToken">Cancels the call, retries included.</param>
    /// <returns>The Anthropic message.</returns>
    /// <exception cref="AnthropicClientException">A typed error: <see cref="BadRequestException"/>, <see cref="AuthenticationFailedException"/>,
    /// <see cref="RateLimitedException"/>, <see cref="OverloadedException"/>, <see cref="EmptyResponseException"/>,
    /// <see cref="UpstreamTimeoutException"/>, <see cref="TransportException"/> …</exception>
    public async Task<Message> CreateMessageAsync(CreateMessageParams request, CancellationToken cancellationToken = default) =>
        (await CreateMessageWithDetailsAsync(request, cancellationToken).ConfigureAwait(false)).Message;

    /// <summary>Like <see cref="CreateMessageAsync"/>, with the conversion report, rate limits, request id and attempt count.</summary>
    /// <param name="request">The Anthropic request.</param>
    /// <param name="cancellationToken">Cancels the call, retries included.</param>
    /// <returns>The message and what is known about the call.</returns>
    /// <exception cref="AnthropicClientException">A typed error (see <see cref="CreateMessageAsync"/>).</exception>
    public async Task<MessageResult> CreateMessageWithDetailsAsync(CreateMessageParams request, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(request, stream: false, CreateOperation);
        using var reservation = Reserve(prepared, CreateOperation);
        using var upstream = await SendAsync(
            CreateOperation,
            () => CreateHttpRequest(HttpMethod.Post, Endpoint.ChatCompletions, prepared.Body, stream: false),
            bufferBody: true,
            cancellationToken).ConfigureAwait(false);

        var body = await upstream.Response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Message message;
        try
        {
            message = TranslateBody(body, prepared, upstream.RequestId);
        }
        catch (AnthropicClientException e)
        {
            Fail(e, CreateOperation, upstream.Attempts, upstream.Started);
            throw;
        }

        RecordUsage(prepared, message.Usage, reservation);
        Succeed(CreateOperation, upstream);
        return new MessageResult(message, prepared.Report, upstream.RateLimits, upstream.RequestId, upstream.Attempts);
    }

    private Message TranslateBody(byte[] body, PreparedRequest prepared, string? requestId)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            throw ClientErrors.Empty("upstream returned an empty body", requestId, null);
        }

        if (IsChoiceless(body))
        {
            // 200 with "choices": [] (or none) and no error object: the "choices came back empty" case.
            throw ClientErrors.Empty("upstream response has no choices", requestId, _scrubber.ScrubBody(body));
        }

        try
        {
            return ResponseTranslator.TranslateBody(body, new ResponseContext(_options.Translation, prepared.State, prepared.Report));
        }
        catch (TranslationException e)
        {
            throw ClientErrors.FromTranslation(e, requestId, _scrubber.ScrubBody(body), _scrubber);
        }
    }

    private static bool IsChoiceless(byte[] body)
    {
        try
        {
            var response = JsonModel.Parse<CreateChatCompletionResponse>(body);
            return (response.Choices is null || response.Choices.Count == 0)
                && !(response.AdditionalProperties?.ContainsKey("error") ?? false);
        }
        catch (Exception e) when (e is ProtocolJsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}
