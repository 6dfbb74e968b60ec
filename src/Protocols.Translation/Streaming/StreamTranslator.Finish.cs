using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

// finish_reason (C47–C50, C64, C65): the reason is recorded and the blocks are closed at once; the single
// message_delta waits for Complete, because usage often arrives in a later chunk of its own.
public sealed partial class StreamTranslator
{
    private StopReason? _finish;
    private string? _backendStopSequence;
    private StopReason? _finalStopReason;
    private string? _finalStopSequence;

    private void OnFinish(CreateChatCompletionStreamResponseChoicesItemFinishReason finish, string? backendStopSequence, StreamOutput output)
    {
        _finish = DispatchFinishReason(finish, output);
        _backendStopSequence = backendStopSequence ?? _backendStopSequence;

        // C64: the chunk's text went out first; now the blocks close.
        CloseAll(output);
    }

    private void EmitMessageDelta(StreamOutput output)
    {
        _finalStopReason = StopReasonRules.Final(_finish, HasToolUse(), _refused, _enforcedMatch, _backendStopSequence, _state, out _finalStopSequence);
        output.Add("message_delta", new MessageDeltaEvent
        {
            Delta = new MessageDelta { StopReason = _finalStopReason, StopSequence = _finalStopSequence, Container = null },
            Usage = UsageMapping.ToDeltaUsage(CurrentTokens()),
        });
    }

    private UsageMapping.Tokens CurrentTokens() => UsageMapping.From(_usage, _state.EstimatedInputTokens, GeneratedChars());

    private partial StopReason HandleFinishReasonStop(StreamOutput context) => StopReason.EndTurn;

    private partial StopReason HandleFinishReasonLength(StreamOutput context) => StopReason.MaxTokens;

    private partial StopReason HandleFinishReasonToolCalls(StreamOutput context) => StopReason.ToolUse;

    private partial StopReason HandleFinishReasonContentFilter(StreamOutput context) => StopReason.Refusal;

    private partial StopReason HandleFinishReasonFunctionCall(StreamOutput context) => StopReason.ToolUse;

    private partial StopReason HandleFinishReasonUnknown(CreateChatCompletionStreamResponseChoicesItemFinishReason value, StreamOutput context) =>
        StopReasonRules.FromUnknownFinishReason(value.Value, _report);
}
