using System.Text;
using Microsoft.Extensions.AI;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>
/// Anthropic stream events → chat updates: text and reasoning deltas pass through as they come; a tool call is emitted
/// whole when its block stops (its arguments are complete only then); the last update carries the finish reason and usage.
/// One instance per stream.
/// </summary>
internal sealed class ChatStreamMapper(DateTimeOffset createdAt)
{
    private readonly Dictionary<long, (string Id, string Name, StringBuilder Json)> _toolCalls = [];
    private string? _messageId;
    private string? _model;
    private Usage? _startUsage;

    public ChatResponseUpdate? Map(IMessageStreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case MessageStartEvent start:
                _messageId = start.Message.Id;
                _model = start.Message.Model.Value;
                _startUsage = start.Message.Usage;
                return null;
            case ContentBlockStartEvent { ContentBlock: ResponseToolUseBlock tool } blockStart:
                _toolCalls[blockStart.Index] = (tool.Id, tool.Name, new StringBuilder());
                return null;
            case ContentBlockDeltaEvent { Delta: TextContentBlockDelta text }:
                return Update(new TextContent(text.Text));
            case ContentBlockDeltaEvent { Delta: ThinkingContentBlockDelta thinking }:
                return Update(new TextReasoningContent(thinking.Thinking));
            case ContentBlockDeltaEvent { Delta: SignatureContentBlockDelta signature }:
                return Update(new TextReasoningContent(string.Empty) { ProtectedData = signature.Signature });
            case ContentBlockDeltaEvent { Delta: InputJsonContentBlockDelta json } delta when _toolCalls.TryGetValue(delta.Index, out var call):
                call.Json.Append(json.PartialJson);
                return null;
            case ContentBlockStopEvent stop when _toolCalls.Remove(stop.Index, out var finished):
                return Update(new FunctionCallContent(finished.Id, finished.Name, ChatJson.ToArguments(ChatJson.ParseInput(finished.Json.ToString()))));
            case MessageDeltaEvent messageDelta:
                var usage = messageDelta.Usage;
                var update = Update(new UsageContent(ChatResponseMapper.ToUsage(
                    usage.InputTokens ?? _startUsage?.InputTokens ?? 0,
                    usage.OutputTokens,
                    usage.CacheCreationInputTokens ?? _startUsage?.CacheCreationInputTokens,
                    usage.CacheReadInputTokens ?? _startUsage?.CacheReadInputTokens)));
                update.FinishReason = ChatResponseMapper.FinishReason(messageDelta.Delta.StopReason);
                return update;
            default:
                return null;
        }
    }

    private ChatResponseUpdate Update(AIContent content) => new(ChatRole.Assistant, [content])
    {
        ResponseId = _messageId,
        MessageId = _messageId,
        ModelId = _model,
        CreatedAt = createdAt,
    };
}
