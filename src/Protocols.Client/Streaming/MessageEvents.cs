using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>
/// The stream events a whole message corresponds to, for a backend that answers a streaming request with one JSON
/// body (some gateways ignore <c>stream: true</c>): the caller still gets a valid event sequence.
/// </summary>
internal static class MessageEvents
{
    public static IEnumerable<IMessageStreamEvent> From(Message message)
    {
        yield return new MessageStartEvent
        {
            Message = new Message
            {
                Id = message.Id,
                Model = message.Model,
                Content = [],
                StopReason = null,
                StopSequence = null,
                Usage = new Usage
                {
                    InputTokens = message.Usage.InputTokens,
                    OutputTokens = 0,
                    CacheCreationInputTokens = message.Usage.CacheCreationInputTokens,
                    CacheReadInputTokens = message.Usage.CacheReadInputTokens,
                    CacheCreation = message.Usage.CacheCreation,
                    InferenceGeo = message.Usage.InferenceGeo,
                    ServerToolUse = message.Usage.ServerToolUse,
                    ServiceTier = message.Usage.ServiceTier,
                },
                Container = message.Container,
            },
        };
        yield return new Ping();
        for (int i = 0; i < message.Content.Count; i++)
        {
            foreach (var e in Block(i, message.Content[i]))
            {
                yield return e;
            }
        }

        yield return new MessageDeltaEvent
        {
            Delta = new MessageDelta { StopReason = message.StopReason, StopSequence = message.StopSequence, Container = message.Container },
            Usage = new MessageDeltaUsage
            {
                InputTokens = message.Usage.InputTokens,
                OutputTokens = message.Usage.OutputTokens,
                CacheCreationInputTokens = message.Usage.CacheCreationInputTokens,
                CacheReadInputTokens = message.Usage.CacheReadInputTokens,
                ServerToolUse = message.Usage.ServerToolUse,
            },
        };
        yield return new MessageStopEvent();
    }

    private static IEnumerable<IMessageStreamEvent> Block(int index, IContentBlock block)
    {
        switch (block)
        {
            case ResponseTextBlock text:
                yield return new ContentBlockStartEvent { Index = index, ContentBlock = new ResponseTextBlock { Text = string.Empty, Citations = null } };
                yield return new ContentBlockDeltaEvent { Index = index, Delta = new TextContentBlockDelta { Text = text.Text } };
                break;
            case ResponseThinkingBlock thinking:
                yield return new ContentBlockStartEvent { Index = index, ContentBlock = new ResponseThinkingBlock { Thinking = string.Empty, Signature = string.Empty } };
                yield return new ContentBlockDeltaEvent { Index = index, Delta = new ThinkingContentBlockDelta { Thinking = thinking.Thinking } };
                if (thinking.Signature.Length > 0)
                {
                    yield return new ContentBlockDeltaEvent { Index = index, Delta = new SignatureContentBlockDelta { Signature = thinking.Signature } };
                }

                break;
            case ResponseToolUseBlock tool:
                yield return new ContentBlockStartEvent
                {
                    Index = index,
                    ContentBlock = new ResponseToolUseBlock { Id = tool.Id, Name = tool.Name, Caller = tool.Caller, Input = ToolInputJson.EmptyObject },
                };
                yield return new ContentBlockDeltaEvent { Index = index, Delta = new InputJsonContentBlockDelta { PartialJson = tool.Input.GetRawText() } };
                break;
            case IContentBlockStartEventContentBlock other:
                yield return new ContentBlockStartEvent { Index = index, ContentBlock = other };
                break;
        }

        yield return new ContentBlockStopEvent { Index = index };
    }
}
