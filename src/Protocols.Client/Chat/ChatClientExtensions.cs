using Microsoft.Extensions.AI;

namespace Protocols.Client;

/// <summary>Adapting the client to Microsoft.Extensions.AI.</summary>
public static class ChatClientExtensions
{
    /// <summary>An <see cref="IChatClient"/> over this client.</summary>
    /// <param name="client">The client.</param>
    /// <param name="defaultModelId">The model when <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <param name="defaultMaxOutputTokens">The <c>max_tokens</c> when <see cref="ChatOptions.MaxOutputTokens"/> is not set.</param>
    /// <returns>The chat client.</returns>
    public static IChatClient AsChatClient(this AnthropicCompatibleClient client, string? defaultModelId = null, int defaultMaxOutputTokens = 4096) =>
        new AnthropicChatClient(client, defaultModelId, defaultMaxOutputTokens);
}
