using System.Text;
using Protocols.Anthropic;
using Protocols.Core;

namespace Protocols.Client;

/// <summary>Reading answers and carrying them into the next request.</summary>
public static class MessageExtensions
{
    /// <summary>The text of all text blocks, concatenated.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The text (empty when there is none).</returns>
    public static string GetText(this Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder();
        foreach (var block in message.Content)
        {
            if (block is ResponseTextBlock t)
            {
                text.Append(t.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>The thinking of all thinking blocks, concatenated; null when there is none.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The thinking.</returns>
    public static string? GetThinking(this Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var blocks = message.Content.OfType<ResponseThinkingBlock>().ToList();
        return blocks.Count == 0 ? null : string.Concat(blocks.Select(static b => b.Thinking));
    }

    /// <summary>The tool calls, in order.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The <c>tool_use</c> blocks.</returns>
    public static IReadOnlyList<ResponseToolUseBlock> GetToolUses(this Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return [.. message.Content.OfType<ResponseToolUseBlock>()];
    }

    /// <summary>The answer as an assistant turn for the next request's history.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The input message (each block carried through its JSON form).</returns>
    public static InputMessage ToInputMessage(this Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var blocks = new List<IInputContentBlock>(message.Content.Count);
        foreach (var block in message.Content)
        {
            blocks.Add(JsonModel.Parse(JsonModel.ToUtf8(block), IInputContentBlock.ReadFrom));
        }

        return new InputMessage { Role = InputMessageRole.Assistant, Content = blocks };
    }
}
