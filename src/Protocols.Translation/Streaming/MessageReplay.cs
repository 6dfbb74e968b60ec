using Protocols.Anthropic;

namespace Protocols.Translation;

/// <summary>
/// The stream events a whole message corresponds to, for a backend that answers a streaming request with one JSON
/// body (some gateways and servers ignore <c>stream: true</c>): the client still gets a valid event sequence —
/// <c>message_start</c>, <c>ping</c>, each block as start / one delta / stop, <c>message_delta</c> with the stop reason
/// and usage, <c>message_stop</c> — and nothing of the answer is lost.
/// </summary>
public static class MessageReplay
{
    private static readonly System.Text.Json.JsonElement EmptyObject = JsonElements.Object();

    /// <summary>The events of <paramref name="message"/>, in stream order.</summary>
    /// <param name="message">The whole message (e.g. a translated non-streaming answer).</param>
    /// <returns>The events; each block's content arrives in one delta.</returns>
    public static IEnumerable<IMessageStreamEvent> Events(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EventsCore(message);
    }

    /// <summary>The Anthropic SSE event name of <paramref name="e"/>: its <c>type</c>, as the generated variant writes it.</summary>
    /// <param name="e">An event.</param>
    /// <returns>The name, e.g. <c>content_block_delta</c>; an unknown variant's tag as read.</returns>
    /// <exception cref="ArgumentException">An unknown variant without a <c>type</c>.</exception>
    public static string NameOf(IMessageStreamEvent e) => IMessageStreamEvent.Match(
        e,
        static v => v.Type,
        static v => v.Type,
        static v => v.Type,
        static v => v.Type,
        static v => v.Type,
        static v => v.Type,
        static v => v.Type,
        static v => v.Tag ?? throw new ArgumentException("an unknown stream event without a type has no name", nameof(e)));

    private static IEnumerable<IMessageStreamEvent> EventsCore(Message message)
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
                    ContentBlock = new ResponseToolUseBlock { Id = tool.Id, Name = tool.Name, Caller = tool.Caller, Input = EmptyObject },
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
