using Protocols.Anthropic;

namespace Protocols.Translation;

// The message the events add up to, for the client library (which gives its caller a Message too).
public sealed partial class StreamTranslator
{
    /// <summary>
    /// The message accumulated so far: the blocks as emitted (text, thinking, tool_use with the arguments
    /// parsed, repaired where needed, C44), the stop reason once finished, and the usage.
    /// </summary>
    /// <returns>A new message; valid against the Anthropic schema at any point.</returns>
    public Message Snapshot()
    {
        var content = new List<IContentBlock>(_blocks.Count);
        foreach (var block in _blocks)
        {
            content.Add(block.Kind switch
            {
                BlockKind.Thinking => new ResponseThinkingBlock { Thinking = block.Content.ToString(), Signature = string.Empty },
                BlockKind.Text => ResponseTranslator.TextBlock(block.Content.ToString()),
                _ => new ResponseToolUseBlock
                {
                    Id = block.Id!,
                    Name = block.Name!,
                    Input = ToolArguments.Parse(block.Content.ToString(), block.Name!, _report),
                    Caller = new DirectCaller(),
                },
            });
        }

        return new Message
        {
            Id = _messageId,
            Content = content,
            Model = Model,
            StopReason = _finalStopReason,
            StopSequence = _finalStopSequence,
            Usage = UsageMapping.ToUsage(CurrentTokens()),
            Container = null,
        };
    }
}
