using Microsoft.Extensions.AI;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>An Anthropic message → a chat response.</summary>
internal static class ChatResponseMapper
{
    public static ChatResponse ToChatResponse(Message message, DateTimeOffset createdAt)
    {
        var contents = new List<AIContent>(message.Content.Count);
        foreach (var block in message.Content)
        {
            if (ToContent(block) is { } content)
            {
                contents.Add(content);
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = message.Id, CreatedAt = createdAt })
        {
            ResponseId = message.Id,
            ModelId = message.Model.Value,
            FinishReason = FinishReason(message.StopReason),
            Usage = ToUsage(message.Usage.InputTokens, message.Usage.OutputTokens, message.Usage.CacheCreationInputTokens, message.Usage.CacheReadInputTokens),
            CreatedAt = createdAt,
            RawRepresentation = message,
        };
    }

    public static ChatFinishReason? FinishReason(StopReason? stopReason) => stopReason?.Value switch
    {
        null => null,
        "end_turn" or "stop_sequence" or "pause_turn" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        var other => new ChatFinishReason(other),
    };

    public static UsageDetails ToUsage(long input, long output, long? cacheWrite, long? cacheRead)
    {
        // Anthropic's input_tokens excludes cached tokens; the abstraction's input count is all input.
        var allInput = input + (cacheWrite ?? 0) + (cacheRead ?? 0);
        return new UsageDetails
        {
            InputTokenCount = allInput,
            OutputTokenCount = output,
            TotalTokenCount = allInput + output,
            CachedInputTokenCount = cacheRead,
        };
    }

    private static AIContent? ToContent(IContentBlock block) => block switch
    {
        ResponseTextBlock text => new TextContent(text.Text) { RawRepresentation = text },
        ResponseThinkingBlock thinking => new TextReasoningContent(thinking.Thinking)
        {
            ProtectedData = string.IsNullOrEmpty(thinking.Signature) ? null : thinking.Signature,
            RawRepresentation = thinking,
        },
        ResponseRedactedThinkingBlock redacted => new TextReasoningContent(string.Empty) { ProtectedData = redacted.Data, RawRepresentation = redacted },
        ResponseToolUseBlock tool => new FunctionCallContent(tool.Id, tool.Name, ChatJson.ToArguments(tool.Input)) { RawRepresentation = tool },
        _ => null,
    };
}
