using Protocols.Anthropic;

namespace Protocols.Translation;

/// <summary>The per-answer scratch state of <see cref="ResponseTranslator"/>: the generated tool-call handlers return nothing, so they add here.</summary>
public sealed partial class ResponseContext
{
    /// <summary>The tool_use blocks built so far for the answer being translated.</summary>
    internal List<ResponseToolUseBlock> ToolUses { get; } = [];

    /// <summary>Tool-use ids already given in the answer (C45: unique within a message).</summary>
    internal HashSet<string> ToolUseIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Forgets the previous answer's blocks (a context may translate more than one answer).</summary>
    internal void ResetAnswer()
    {
        ToolUses.Clear();
        ToolUseIds.Clear();
    }
}
