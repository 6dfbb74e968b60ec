using Protocols.Anthropic;
using Protocols.Core;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>OpenAI chat completion → Anthropic Message (C41–C52).</summary>
public static partial class ResponseTranslator
{
    /// <summary>Parses an upstream 200 body and translates it (C52: an unusable body is a 502 <c>api_error</c>, never a crash).</summary>
    /// <param name="upstreamBody">The upstream response body.</param>
    /// <param name="context">Options, exchange state and report.</param>
    /// <returns>The Anthropic message.</returns>
    /// <exception cref="TranslationException">
    /// 502 <c>api_error</c>: the body is empty, not a chat completion, an error object, or has no choices.
    /// </exception>
    public static Message TranslateBody(ReadOnlySpan<byte> upstreamBody, ResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (upstreamBody.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw TranslationException.BadUpstream("upstream returned an empty body");
        }

        CreateChatCompletionResponse response;
        try
        {
            response = JsonModel.Parse<CreateChatCompletionResponse>(upstreamBody);
        }
        catch (Exception e) when (e is ProtocolJsonException or InvalidOperationException or FormatException)
        {
            if (OpenAIErrorBody.TryRead(upstreamBody, out var error))
            {
                throw TranslationException.BadUpstream(ErrorInSuccess(error), e);
            }

            throw TranslationException.BadUpstream("upstream returned a body that is not a chat completion: " + ErrorTranslator.Redact(e.Message), e);
        }

        if ((response.Choices is null || response.Choices.Count == 0) && OpenAIErrorBody.TryRead(upstreamBody, out var inBody))
        {
            throw TranslationException.BadUpstream(ErrorInSuccess(inBody));
        }

        return Translate(response, context);
    }

    /// <summary>Maps an OpenAI chat completion to an Anthropic Message (C41–C51).</summary>
    /// <param name="source">The upstream answer.</param>
    /// <param name="context">Options, exchange state and report.</param>
    /// <returns>The Anthropic message; every required member is set so it validates against the schema.</returns>
    /// <exception cref="TranslationException">502 <c>api_error</c>: the answer has no choices (C52).</exception>
    public static partial Message Translate(CreateChatCompletionResponse source, ResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var choice = FirstChoice(source.Choices) ?? throw TranslationException.BadUpstream("upstream response has no choices");
        if (choice.FinishReason.Value == StopReasonRules.FailedFinishReason)
        {
            // OpenRouter puts the failure's own error beside the choices.
            var detail = source.AdditionalProperties is { } extra && extra.TryGetValue("error", out var member)
                ? OpenAIErrorBody.FromErrorMember(member)?.Error?.Message
                : null;
            throw TranslationException.BadUpstream(StopReasonRules.FailedFinishMessage
                + (string.IsNullOrEmpty(detail) ? string.Empty : ": " + ErrorTranslator.Redact(detail)));
        }

        var message = choice.Message;
        context.ResetAnswer();

        // C42: thinking, then text, then tool_use.
        var content = new List<IContentBlock>();
        long outputChars = 0;
        var reasoning = Reasoning.From(message?.AdditionalProperties);
        if (!string.IsNullOrEmpty(reasoning))
        {
            // C43: SDKs require the signature member; there is none to give.
            content.Add(new ResponseThinkingBlock { Thinking = reasoning, Signature = string.Empty });
            outputChars += reasoning.Length;
        }

        string? enforcedMatch = null;
        var text = message?.Content;
        if (!string.IsNullOrEmpty(text))
        {
            var sequences = StopSequences.Enforced(context.Options, context.State);
            if (StopSequences.TryFindFirst(text, sequences, out int at, out var matched))
            {
                // C37/C50: the client asked to stop here; the backend was not told.
                text = text[..at];
                enforcedMatch = matched;
            }

            if (text.Length > 0)
            {
                content.Add(TextBlock(text));
                outputChars += text.Length;
            }
        }

        // C46: a refusal is shown as text, with stop_reason "refusal".
        var refusal = message?.Refusal;
        bool refused = !string.IsNullOrEmpty(refusal);
        if (refused)
        {
            content.Add(TextBlock(refusal!));
            outputChars += refusal!.Length;
        }

        AddToolCalls(message, enforcedMatch, context);
        foreach (var toolUse in context.ToolUses)
        {
            content.Add(toolUse);
        }

        var mapped = DispatchFinishReason(choice.FinishReason, context);
        var stopReason = StopReasonRules.Final(
            mapped,
            context.ToolUses.Count > 0,
            refused,
            enforcedMatch,
            StopReasonRules.BackendStopSequence(choice.AdditionalProperties),
            context.State,
            out var stopSequence);

        return new Message
        {
            Id = MessageIds.NewMessageId(),
            Content = content,
            Model = ModelEcho.For(context.Options, context.State, source.Model),
            StopReason = stopReason,
            StopSequence = stopSequence,
            Usage = UsageMapping.ToUsage(UsageMapping.From(source.Usage, context.State.EstimatedInputTokens, outputChars)),
            Container = null,
        };
    }

    /// <summary>A text block with the members this spec requires (<c>citations: null</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The block.</returns>
    internal static ResponseTextBlock TextBlock(string text) => new() { Text = text, Citations = null };

    private static CreateChatCompletionResponseChoicesItem? FirstChoice(List<CreateChatCompletionResponseChoicesItem>? choices)
    {
        if (choices is null || choices.Count == 0)
        {
            return null;
        }

        // n > 1 is never requested: the first choice (index 0 where the backend numbers them) is the answer.
        foreach (var c in choices)
        {
            if (c is not null && c.Index == 0)
            {
                return c;
            }
        }

        return choices.Find(c => c is not null);
    }

    private static void AddToolCalls(ChatCompletionResponseMessage? message, string? enforcedMatch, ResponseContext context)
    {
        if (message is null)
        {
            return;
        }

        int calls = (message.ToolCalls?.Count ?? 0) + (message.FunctionCall is null ? 0 : 1);
        if (calls == 0)
        {
            return;
        }

        if (enforcedMatch is not null)
        {
            // Generation ends at the stop sequence: what the backend produced after it is not part of the answer.
            context.Report.Add(ConversionCodes.ToolCallDropped, $"{calls} tool call(s) after the enforced stop sequence '{enforcedMatch}' were dropped");
            return;
        }

        if (message.ToolCalls is not null)
        {
            foreach (var call in message.ToolCalls)
            {
                if (call is not null)
                {
                    DispatchToolCall(call, context);
                }
            }
        }

        if (message.FunctionCall is { } legacy)
        {
            // The deprecated single function_call some older backends still return.
            AddToolUse(null, legacy.Name, legacy.Arguments, context);
        }
    }

    private static string ErrorInSuccess(Protocols.OpenAI.ErrorResponse error)
    {
        var detail = ErrorTranslator.Redact(error.Error?.Message ?? string.Empty);
        return string.IsNullOrEmpty(detail)
            ? "upstream returned an error object with a success status"
            : "upstream returned an error object with a success status: " + detail;
    }
}
