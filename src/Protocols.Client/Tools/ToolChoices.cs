using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>Builders for <c>tool_choice</c>.</summary>
public static class ToolChoices
{
    /// <summary>The model decides whether to call a tool (<c>{"type":"auto"}</c>).</summary>
    /// <param name="disableParallelToolUse">At most one tool call.</param>
    /// <returns>The choice.</returns>
    public static IToolChoice Auto(bool disableParallelToolUse = false) =>
        new ToolChoiceAuto { DisableParallelToolUse = disableParallelToolUse ? true : null };

    /// <summary>The model must call some tool (<c>{"type":"any"}</c>).</summary>
    /// <param name="disableParallelToolUse">Exactly one tool call.</param>
    /// <returns>The choice.</returns>
    public static IToolChoice Any(bool disableParallelToolUse = false) =>
        new ToolChoiceAny { DisableParallelToolUse = disableParallelToolUse ? true : null };

    /// <summary>The model must call the named tool (<c>{"type":"tool","name":…}</c>).</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="disableParallelToolUse">Exactly one tool call.</param>
    /// <returns>The choice.</returns>
    public static IToolChoice Tool(string name, bool disableParallelToolUse = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ToolChoiceTool { Name = name, DisableParallelToolUse = disableParallelToolUse ? true : null };
    }

    /// <summary>The model must not call tools (<c>{"type":"none"}</c>).</summary>
    /// <returns>The choice.</returns>
    public static IToolChoice None() => new ToolChoiceNone();
}
