using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

// C47/C48: the base mapping of finish_reason. Adjustments that need the whole answer (C46, C49, C50)
// are applied afterwards by StopReasonRules.Final.
public static partial class ResponseTranslator
{
    private static partial StopReason HandleFinishReasonStop(ResponseContext context) => StopReason.EndTurn;

    private static partial StopReason HandleFinishReasonLength(ResponseContext context) => StopReason.MaxTokens;

    private static partial StopReason HandleFinishReasonToolCalls(ResponseContext context) => StopReason.ToolUse;

    private static partial StopReason HandleFinishReasonContentFilter(ResponseContext context) => StopReason.Refusal;

    private static partial StopReason HandleFinishReasonFunctionCall(ResponseContext context) => StopReason.ToolUse;

    private static partial StopReason HandleFinishReasonUnknown(CreateChatCompletionResponseChoicesItemFinishReason value, ResponseContext context) =>
        StopReasonRules.FromUnknownFinishReason(value.Value, context.Report);
}
