using System.Text.Json;
using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>
/// The push-based state machine: OpenAI chunks in, the exact Anthropic event sequence out (C53–C70).
/// One instance per stream; not thread-safe. Whatever upstream sends, the events form a valid sequence:
/// one <c>message_start</c> first, blocks strictly sequential, one <c>message_delta</c>, <c>message_stop</c>
/// last — or an <c>error</c> event that ends the stream.
/// </summary>
public sealed partial class StreamTranslator
{
    private readonly ExchangeState _state;
    private readonly TranslationOptions _options;
    private readonly ConversionReport _report;
    private readonly string _messageId = MessageIds.NewMessageId();
    private bool _started;
    private bool _receivedChunk;
    private string? _upstreamModel;
    private CompletionUsage? _usage;

    /// <summary>Creates the translator for one stream.</summary>
    /// <param name="state">What the request translation learned (model, tool names, stop sequences, input estimate).</param>
    /// <param name="options">The translation options.</param>
    /// <param name="report">Where lossy steps are recorded (the request's report).</param>
    public StreamTranslator(ExchangeState state, TranslationOptions options, ConversionReport report)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        _state = state;
        _options = options;
        _report = report;
        _stopSequences = StopSequences.Enforced(options, state);
    }

    /// <summary>Whether the stream has ended (<c>message_stop</c> or <c>error</c> sent): later calls emit nothing.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>Emits <c>message_start</c> and the first <c>ping</c> (C53, C54). Idempotent; <see cref="Push"/> calls it.</summary>
    /// <param name="output">Where the events go.</param>
    public void Start(StreamOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_started || IsFinished)
        {
            return;
        }

        _started = true;

        // C53: the input estimate until the backend reports usage (it rarely does before the end).
        var tokens = UsageMapping.From(_usage, _state.EstimatedInputTokens, 0);
        output.Add("message_start", new MessageStartEvent
        {
            Message = new Message
            {
                Id = _messageId,
                Content = [],
                Model = Model,
                StopReason = null,
                StopSequence = null,
                Usage = UsageMapping.ToUsage(tokens with { Output = 0 }),
                Container = null,
            },
        });
        output.Add("ping", new Ping());
    }

    /// <summary>Feeds one upstream chunk: emits the events it produces (starting the message first if needed).</summary>
    /// <param name="source">The chunk.</param>
    /// <param name="context">Where the events go.</param>
    public partial void Push(CreateChatCompletionStreamResponse source, StreamOutput context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsFinished || source is null)
        {
            return;
        }

        _receivedChunk = true;
        if (!string.IsNullOrEmpty(source.Model))
        {
            _upstreamModel ??= source.Model;
        }

        if (source.Usage is not null)
        {
            // C65: usage often comes in a chunk of its own after the finish chunk; the last one wins.
            _usage = source.Usage;
        }

        if (OpenAIErrorBody.TryReadChunkError(source, out var chunkError))
        {
            // C70: an error object sent as a chunk, alone or beside choices.
            Fail(chunkError, context);
            return;
        }

        Start(context);
        var choice = FirstChoice(source.Choices);
        if (choice is null)
        {
            return;
        }

        if (choice.Delta is { } delta && _enforcedMatch is null)
        {
            // Within a chunk: reasoning, then text, then tool calls (C42, C57).
            var reasoning = Reasoning.From(delta.AdditionalProperties);
            if (!string.IsNullOrEmpty(reasoning))
            {
                AppendThinking(reasoning, context);
            }

            if (!string.IsNullOrEmpty(delta.Content))
            {
                AppendText(delta.Content, context);
            }

            if (!string.IsNullOrEmpty(delta.Refusal))
            {
                AppendRefusal(delta.Refusal, context);
            }

            if (delta.ToolCalls is { Count: > 0 } calls)
            {
                // C62: an empty tool_calls list is no tool call.
                FlushHeldText(context);
                foreach (var call in calls)
                {
                    if (call is not null)
                    {
                        AppendToolCall(call.Index, call.Id, call.Function?.Name, call.Function?.Arguments, context);
                    }
                }
            }

            if (delta.FunctionCall is { } legacy)
            {
                // The deprecated single function_call: its own index, below any tool_calls index.
                FlushHeldText(context);
                AppendToolCall(-1, null, legacy.Name, legacy.Arguments, context);
            }
        }

        // Old Ollama and SGLang 0.4.3 send finish_reason "" in every intermediate chunk: no finish, like null.
        if (choice.FinishReason is { Value.Length: > 0 } finish)
        {
            if (finish.Value == StopReasonRules.FailedFinishReason)
            {
                EmitError("api_error", StopReasonRules.FailedFinishMessage, context);
                return;
            }

            OnFinish(finish, StopReasonRules.BackendStopSequence(choice.AdditionalProperties), context);
        }
    }

    /// <summary>Emits a <c>ping</c> (C54): call after <see cref="TranslationOptions.PingInterval"/> of upstream silence.</summary>
    /// <param name="output">Where the event goes.</param>
    public void Ping(StreamOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (IsFinished)
        {
            return;
        }

        if (!_started)
        {
            // message_start must come first; it is followed by a ping anyway.
            Start(output);
            return;
        }

        output.Add("ping", new Ping());
    }

    /// <summary>
    /// The upstream stream ended (<c>[DONE]</c> or end of body): closes open blocks and emits one
    /// <c>message_delta</c> (stop reason, full usage) and <c>message_stop</c> (C65). Without a
    /// <c>finish_reason</c> (C66) or without any chunk at all (C67) it emits an <c>error</c> event instead.
    /// </summary>
    /// <param name="output">Where the events go.</param>
    public void Complete(StreamOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (IsFinished)
        {
            return;
        }

        if (!_receivedChunk)
        {
            // C67: never message_stop without content from upstream.
            EmitError("api_error", "upstream stream ended without sending any data", output);
            return;
        }

        if (_finish is null && _enforcedMatch is null)
        {
            // C66: a cut-off answer is not an end_turn.
            EmitError("api_error", "upstream stream ended without a finish_reason: the answer is incomplete", output);
            return;
        }

        Start(output);
        CloseAll(output);
        DropUnnamedToolCalls();
        EmitMessageDelta(output);
        output.Add("message_stop", new MessageStopEvent());
        IsFinished = true;
    }

    /// <summary>
    /// Feeds one item of <see cref="OpenAIStreamReader.ReadAsync"/>: a chunk is pushed (<see cref="Push"/>), an
    /// error the upstream sent inside the stream fails it (<see cref="Fail(Protocols.OpenAI.ErrorResponse, StreamOutput)"/>),
    /// <c>[DONE]</c> completes it (<see cref="Complete"/>).
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="output">Where the events go.</param>
    public void Accept(UpstreamStreamItem item, StreamOutput output)
    {
        if (item.Chunk is { } chunk)
        {
            Push(chunk, output);
        }
        else if (item.Error is { } error)
        {
            Fail(error, output);
        }
        else if (item.Done)
        {
            Complete(output);
        }
    }

    /// <summary>Ends the stream with an <c>error</c> event <c>{type:"error", error:{type, message}}</c> (C70).</summary>
    /// <param name="errorType">The Anthropic error type (e.g. <c>api_error</c>, <c>overloaded_error</c>).</param>
    /// <param name="message">The message; keys and tokens are removed.</param>
    /// <param name="output">Where the event goes.</param>
    public void Fail(string errorType, string message, StreamOutput output)
    {
        ArgumentNullException.ThrowIfNull(errorType);
        ArgumentNullException.ThrowIfNull(output);
        if (IsFinished)
        {
            return;
        }

        EmitError(errorType, ErrorTranslator.Redact(message ?? string.Empty), output);
    }

    /// <summary>Ends the stream with an <c>error</c> event for an error the upstream sent inside the stream (C70).</summary>
    /// <param name="upstreamError">The upstream error (e.g. <see cref="UpstreamStreamItem.Error"/>).</param>
    /// <param name="output">Where the event goes.</param>
    public void Fail(Protocols.OpenAI.ErrorResponse upstreamError, StreamOutput output)
    {
        ArgumentNullException.ThrowIfNull(upstreamError);
        ArgumentNullException.ThrowIfNull(output);
        if (IsFinished)
        {
            return;
        }

        // No HTTP status inside a stream: the error's own type decides (rate limit, overloaded …).
        var body = ErrorTranslator.ToAnthropic(upstreamError, new ErrorContext());
        var (type, message) = ErrorTranslator.Describe(body.Error);
        EmitError(type, message, output);
    }

    private static CreateChatCompletionStreamResponseChoicesItem? FirstChoice(List<CreateChatCompletionStreamResponseChoicesItem>? choices)
    {
        if (choices is null || choices.Count == 0)
        {
            // C65: a usage-only chunk.
            return null;
        }

        foreach (var c in choices)
        {
            if (c is not null && c.Index == 0)
            {
                return c;
            }
        }

        // n > 1 is never requested; a lone choice numbered otherwise is still the answer.
        return choices.Count == 1 ? choices[0] : null;
    }

    private string Model => ModelEcho.For(_options, _state, _upstreamModel);

    private void EmitError(string errorType, string message, StreamOutput output)
    {
        output.Add("error", ErrorTranslator.Create(errorType, message, null));
        IsFinished = true;
    }

    private static JsonElement EmptyInput { get; } = JsonElements.Object();
}
