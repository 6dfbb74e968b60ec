using System.Text.Json;
using Protocols.Anthropic;

namespace Protocols.Translation;

/// <summary>
/// The stop reason rules both translators share: the base mapping of <c>finish_reason</c> (C47, C48) and
/// the adjustments that need the whole answer (C46, C49, C50).
/// </summary>
internal static class StopReasonRules
{
    /// <summary>
    /// C70: OpenRouter's <c>finish_reason</c> for a generation that failed: the answer is incomplete, an error in either
    /// translation (an <c>error</c> event, a 502), never a stop reason.
    /// </summary>
    public const string FailedFinishReason = "error";

    /// <summary>What the client is told for <see cref="FailedFinishReason"/>.</summary>
    public const string FailedFinishMessage = "upstream ended the answer with finish_reason 'error'";

    /// <summary>Maps a <c>finish_reason</c> the OpenAI spec does not list (backends invent some).</summary>
    /// <param name="value">The wire value (empty when the backend sent none).</param>
    /// <param name="report">Where an unknown value is recorded.</param>
    /// <returns>The closest stop reason.</returns>
    public static StopReason FromUnknownFinishReason(string value, ConversionReport report)
    {
        switch (value)
        {
            case "":
                // A lenient reader gives "" for a missing finish_reason in a complete (non-stream) answer.
                return StopReason.EndTurn;
            case "eos" or "end_turn" or "stop_sequence":
                return StopReason.EndTurn;
            case "max_tokens" or "model_length" or "max_length":
                return StopReason.MaxTokens;
            case "tool_use" or "tool_call" or "function_calls":
                return StopReason.ToolUse;
            case "refusal" or "safety" or "recitation":
                return StopReason.Refusal;
            default:
                report.Add(ConversionCodes.FinishReasonUnknown, $"finish_reason '{value}' is unknown; mapped to end_turn");
                return StopReason.EndTurn;
        }
    }

    /// <summary>The final stop reason and stop sequence of an answer.</summary>
    /// <param name="mapped">The mapped <c>finish_reason</c> (null when none was seen).</param>
    /// <param name="hasToolUse">Whether the answer carries tool_use blocks.</param>
    /// <param name="refused">Whether the backend sent a refusal.</param>
    /// <param name="enforcedMatch">The stop sequence the translator enforced, if one was hit.</param>
    /// <param name="backendMatch">The stop string the backend says it matched, if it says.</param>
    /// <param name="state">The exchange state (the client's stop sequences).</param>
    /// <param name="stopSequence">The matched stop sequence, or null.</param>
    /// <returns>The stop reason.</returns>
    public static StopReason Final(StopReason? mapped, bool hasToolUse, bool refused, string? enforcedMatch, string? backendMatch, ExchangeState state, out string? stopSequence)
    {
        stopSequence = null;
        if (enforcedMatch is not null)
        {
            stopSequence = enforcedMatch;
            return StopReason.StopSequence;
        }

        if (refused)
        {
            return StopReason.Refusal;
        }

        var reason = mapped ?? StopReason.EndTurn;
        if (reason == StopReason.EndTurn && hasToolUse)
        {
            // C49: Ollama and vLLM say "stop" while returning tool calls.
            return StopReason.ToolUse;
        }

        if (reason == StopReason.ToolUse && !hasToolUse)
        {
            // Never promise a tool_use block that is not there (every call was dropped).
            reason = StopReason.EndTurn;
        }

        if (reason == StopReason.EndTurn && backendMatch is not null && state.StopSequences.Contains(backendMatch))
        {
            stopSequence = backendMatch;
            return StopReason.StopSequence;
        }

        return reason;
    }

    /// <summary>The stop string a backend says it matched, from a choice's non-standard members.</summary>
    /// <param name="additional">The members the OpenAI schema does not name.</param>
    /// <returns>The string, or null.</returns>
    public static string? BackendStopSequence(IDictionary<string, JsonElement>? additional)
    {
        // CUSTOM: vLLM and SGLang add choices[].stop_reason (a stop string, a token id, or null) next to
        // finish_reason "stop"; OpenAI itself never says which stop sequence matched.
        if (additional is not null
            && (additional.TryGetValue("stop_reason", out var value) || additional.TryGetValue("matched_stop", out value))
            && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        return null;
    }
}
