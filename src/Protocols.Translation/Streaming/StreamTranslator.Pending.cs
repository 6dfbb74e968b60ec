// PENDING: placeholders so the project compiles while the hand-written mapping is built.
// Each method moves to the concern file that implements it; this file must be empty (deleted) when done.
namespace Protocols.Translation;

/// <summary>The push-based state machine: OpenAI chunks in, the exact Anthropic event sequence out (C53–C70).</summary>
public sealed partial class StreamTranslator
{
    public partial void Push(global::Protocols.OpenAI.CreateChatCompletionStreamResponse source, global::Protocols.Translation.StreamOutput context) => throw new NotImplementedException();

    private partial global::Protocols.Anthropic.StopReason HandleFinishReasonStop(global::Protocols.Translation.StreamOutput context) => throw new NotImplementedException();

    private partial global::Protocols.Anthropic.StopReason HandleFinishReasonLength(global::Protocols.Translation.StreamOutput context) => throw new NotImplementedException();

    private partial global::Protocols.Anthropic.StopReason HandleFinishReasonToolCalls(global::Protocols.Translation.StreamOutput context) => throw new NotImplementedException();

    private partial global::Protocols.Anthropic.StopReason HandleFinishReasonContentFilter(global::Protocols.Translation.StreamOutput context) => throw new NotImplementedException();

    private partial global::Protocols.Anthropic.StopReason HandleFinishReasonFunctionCall(global::Protocols.Translation.StreamOutput context) => throw new NotImplementedException();

    private partial global::Protocols.Anthropic.StopReason HandleFinishReasonUnknown(global::Protocols.OpenAI.CreateChatCompletionStreamResponseChoicesItemFinishReason value, global::Protocols.Translation.StreamOutput context) => throw new NotImplementedException();

}
