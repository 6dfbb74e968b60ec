// PENDING: placeholders so the project compiles while the hand-written mapping is built.
// Each method moves to the concern file that implements it; this file must be empty (deleted) when done.
namespace Protocols.Translation;

/// <summary>OpenAI chat completion → Anthropic Message (C41–C52).</summary>
public static partial class ResponseTranslator
{
    public static partial global::Protocols.Anthropic.Message Translate(global::Protocols.OpenAI.CreateChatCompletionResponse source, global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial global::Protocols.Anthropic.StopReason HandleFinishReasonStop(global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial global::Protocols.Anthropic.StopReason HandleFinishReasonLength(global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial global::Protocols.Anthropic.StopReason HandleFinishReasonToolCalls(global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial global::Protocols.Anthropic.StopReason HandleFinishReasonContentFilter(global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial global::Protocols.Anthropic.StopReason HandleFinishReasonFunctionCall(global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial global::Protocols.Anthropic.StopReason HandleFinishReasonUnknown(global::Protocols.OpenAI.CreateChatCompletionResponseChoicesItemFinishReason value, global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial void HandleToolCall(global::Protocols.OpenAI.ChatCompletionMessageToolCall value, global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial void HandleToolCall(global::Protocols.OpenAI.ChatCompletionMessageCustomToolCall value, global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

    private static partial void HandleToolCall(global::Protocols.OpenAI.UnknownChatCompletionMessageToolCallsItem value, global::Protocols.Translation.ResponseContext context) => throw new NotImplementedException();

}
