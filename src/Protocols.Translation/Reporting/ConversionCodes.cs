namespace Protocols.Translation;

/// <summary>The stable codes a <see cref="ConversionReport"/> uses. Add new ones here, never reuse one for another meaning.</summary>
public static class ConversionCodes
{
    /// <summary>A <c>cache_control</c> marker was removed (OpenAI has no equivalent).</summary>
    public const string CacheControlRemoved = "cache_control_removed";

    /// <summary>An unknown request field was ignored.</summary>
    public const string UnknownFieldIgnored = "unknown_field_ignored";

    /// <summary><c>top_k</c> was dropped for a target that does not accept it.</summary>
    public const string TopKDropped = "top_k_dropped";

    /// <summary><c>temperature</c> was dropped (target accepts only defaults).</summary>
    public const string TemperatureDropped = "temperature_dropped";

    /// <summary><c>top_p</c> was dropped (target accepts only defaults).</summary>
    public const string TopPDropped = "top_p_dropped";

    /// <summary>Thinking configuration or thinking history was dropped.</summary>
    public const string ThinkingDropped = "thinking_dropped";

    /// <summary>A <c>redacted_thinking</c> block was dropped.</summary>
    public const string RedactedThinkingDropped = "redacted_thinking_dropped";

    /// <summary>A server tool was dropped (configured to drop instead of failing).</summary>
    public const string ServerToolDropped = "server_tool_dropped";

    /// <summary>A document the target cannot carry was dropped (configured to drop instead of failing).</summary>
    public const string DocumentDropped = "document_dropped";

    /// <summary>A block type the target cannot carry was replaced by a placeholder.</summary>
    public const string BlockReplaced = "block_replaced";

    /// <summary>A tool name longer than the target allows was shortened (restored in responses).</summary>
    public const string ToolNameShortened = "tool_name_shortened";

    /// <summary>More stop sequences than the target accepts: the rest are enforced on the output.</summary>
    public const string StopSequencesEnforced = "stop_sequences_enforced";

    /// <summary>An orphan <c>tool_use</c> got a synthesized result.</summary>
    public const string OrphanToolUse = "orphan_tool_use";

    /// <summary>An orphan <c>tool_result</c> became user text.</summary>
    public const string OrphanToolResult = "orphan_tool_result";

    /// <summary>Images inside a <c>tool_result</c> moved to a user message after the tool messages.</summary>
    public const string ToolResultImagesMoved = "tool_result_images_moved";

    /// <summary>Tool-call arguments were not valid JSON and were repaired.</summary>
    public const string ToolArgumentsRepaired = "tool_arguments_repaired";

    /// <summary>Tool-call arguments were not valid JSON and could not be repaired: <c>input: {}</c>.</summary>
    public const string ToolArgumentsInvalid = "tool_arguments_invalid";

    /// <summary>A missing or malformed tool-call id was replaced.</summary>
    public const string ToolCallIdReplaced = "tool_call_id_replaced";

    /// <summary>Request metadata other than <c>user_id</c> was dropped.</summary>
    public const string MetadataDropped = "metadata_dropped";

    /// <summary>A parameter the target does not support was dropped (e.g. <c>service_tier</c>, <c>container</c>).</summary>
    public const string ParameterDropped = "parameter_dropped";

    /// <summary><c>max_tokens</c> was above the target's output limit and was clamped.</summary>
    public const string MaxTokensClamped = "max_tokens_clamped";

    /// <summary>Citations or other response-only details were dropped.</summary>
    public const string CitationsDropped = "citations_dropped";

    /// <summary>A tool call in the upstream answer could not be carried (no name, an unknown kind, or after an enforced stop sequence) and was dropped.</summary>
    public const string ToolCallDropped = "tool_call_dropped";

    /// <summary>The upstream <c>finish_reason</c> is not one the translation knows; it was mapped to the closest stop reason.</summary>
    public const string FinishReasonUnknown = "finish_reason_unknown";
}
