using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Protocols.Client;

/// <summary>
/// <see cref="IChatClient"/> over an <see cref="AnthropicCompatibleClient"/>: chat, streaming updates and tool calls
/// (<see cref="FunctionCallContent"/> out, <see cref="FunctionResultContent"/> back in) for the Microsoft.Extensions.AI
/// ecosystem. System messages and <see cref="ChatOptions.Instructions"/> become the system prompt; tool messages become
/// <c>tool_result</c> blocks; reasoning effort becomes a thinking budget.
/// </summary>
public sealed class AnthropicChatClient : IChatClient
{
    private readonly AnthropicCompatibleClient _client;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates the chat client.</summary>
    /// <param name="client">The client that sends the requests (not disposed with this one).</param>
    /// <param name="defaultModelId">The model when <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <param name="defaultMaxOutputTokens">The <c>max_tokens</c> when <see cref="ChatOptions.MaxOutputTokens"/> is not set (the Messages API requires one).</param>
    public AnthropicChatClient(AnthropicCompatibleClient client, string? defaultModelId = null, int defaultMaxOutputTokens = 4096)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultMaxOutputTokens);
        _client = client;
        DefaultModelId = defaultModelId;
        DefaultMaxOutputTokens = defaultMaxOutputTokens;
        _metadata = new ChatClientMetadata("protocols", client.Endpoint.BaseUrl, defaultModelId);
    }

    /// <summary>The model when none is given per call.</summary>
    public string? DefaultModelId { get; }

    /// <summary>The <c>max_tokens</c> when none is given per call.</summary>
    public int DefaultMaxOutputTokens { get; }

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, DefaultModelId, DefaultMaxOutputTokens);
        var message = await _client.CreateMessageAsync(request, cancellationToken).ConfigureAwait(false);
        return ChatResponseMapper.ToChatResponse(message, DateTimeOffset.UtcNow);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, DefaultModelId, DefaultMaxOutputTokens);
        var mapper = new ChatStreamMapper(DateTimeOffset.UtcNow);
        await foreach (var streamEvent in _client.StreamMessageAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (mapper.Map(streamEvent) is { } update)
            {
                update.RawRepresentation = streamEvent;
                yield return update;
            }
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(AnthropicCompatibleClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Does nothing: the underlying client belongs to its creator.</summary>
    public void Dispose()
    {
    }
}
