using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>Builders for conversation turns.</summary>
public static class InputMessages
{
    /// <summary>A user turn with text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The message.</returns>
    public static InputMessage User(string text) => new() { Role = InputMessageRole.User, Content = text };

    /// <summary>A user turn with content blocks (text, images, tool results …).</summary>
    /// <param name="blocks">The blocks.</param>
    /// <returns>The message.</returns>
    public static InputMessage User(params IInputContentBlock[] blocks) => new() { Role = InputMessageRole.User, Content = new List<IInputContentBlock>(blocks) };

    /// <summary>An assistant turn with text (a prefill, or history).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The message.</returns>
    public static InputMessage Assistant(string text) => new() { Role = InputMessageRole.Assistant, Content = text };

    /// <summary>A user turn answering a tool call.</summary>
    /// <param name="toolUseId">The <c>tool_use</c> block's id.</param>
    /// <param name="content">The tool's output.</param>
    /// <param name="isError">Whether the tool failed.</param>
    /// <returns>The message.</returns>
    public static InputMessage ToolResult(string toolUseId, string content, bool isError = false) =>
        User(ToolResultBlock(toolUseId, content, isError));

    /// <summary>A <c>tool_result</c> block (several go in one user turn after parallel tool calls).</summary>
    /// <param name="toolUseId">The <c>tool_use</c> block's id.</param>
    /// <param name="content">The tool's output.</param>
    /// <param name="isError">Whether the tool failed.</param>
    /// <returns>The block.</returns>
    public static RequestToolResultBlock ToolResultBlock(string toolUseId, string content, bool isError = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toolUseId);
        return new RequestToolResultBlock { ToolUseId = toolUseId, Content = content ?? string.Empty, IsError = isError ? true : null };
    }
}
