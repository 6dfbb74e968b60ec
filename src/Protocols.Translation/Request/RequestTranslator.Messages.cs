using System.Globalization;
using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Roles and message order (C01–C07), tool results and their order (C25–C32).
public static partial class RequestTranslator
{
    private const string ParagraphJoin = "\n\n";
    private const string ToolResultJoin = "\n";
    private const string MissingResultText = "[no result was provided for this tool call]";
    private const string MediaMovedText = "[the tool returned images or files: they follow in the next user message]";

    // C01–C03: the top-level system prompt becomes the first message, texts joined with "\n\n";
    // empty and whitespace-only blocks are skipped, never an empty system message.
    private static void TranslateSystem(CreateMessageParamsSystem? system, RequestContext context, RequestWork work)
    {
        if (context.CachedSystem is { } cached)
        {
            // The same system prompt was translated before (TranslationCache): the same notes and text; the
            // message's role still follows this request's target.
            foreach (var note in cached.Notes)
            {
                context.Report.Add(note.Code, note.Message);
            }

            if (cached.Text is not null)
            {
                work.Messages.Add(SystemMessage(cached.Text, work));
            }

            return;
        }

        if (system is null)
        {
            return;
        }

        var capture = context.CapturedSystem;
        context.Report.Recording = capture?.Notes;
        try
        {
            TranslateSystemPrompt(system, context, work, capture);
        }
        finally
        {
            context.Report.Recording = null;
        }
    }

    private static void TranslateSystemPrompt(CreateMessageParamsSystem system, RequestContext context, RequestWork work, SystemCapture? capture)
    {
        string? text;
        if (system.AsString is { } single)
        {
            text = string.IsNullOrWhiteSpace(single) ? null : single;
        }
        else
        {
            var parts = new List<string>(system.AsArray!.Count);
            for (int i = 0; i < system.AsArray.Count; i++)
            {
                var block = system.AsArray[i];
                ReportTextBlockExtras(block, string.Create(CultureInfo.InvariantCulture, $"system[{i}]"), context);
                if (!string.IsNullOrWhiteSpace(block.Text))
                {
                    parts.Add(block.Text);
                }
            }

            text = parts.Count == 0 ? null : string.Join(ParagraphJoin, parts);
        }

        if (text is not null)
        {
            work.Messages.Add(SystemMessage(text, work));
        }

        if (capture is not null)
        {
            capture.Text = text;
            capture.Done = true;
        }
    }

    private static void TranslateMessages(List<InputMessage> messages, RequestContext context, RequestWork work)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            work.MessageIndex = i;
            RequestReport.UnknownFields(message.AdditionalProperties, string.Create(CultureInfo.InvariantCulture, $"messages[{i}]"), context);

            switch (message.Role.Value)
            {
                case "user":
                    TranslateUserTurn(message, context, work);
                    break;
                case "assistant":
                    TranslateAssistantTurn(message, context, work);
                    break;

                // C04: recent Claude Code sends system entries inside messages; the role is not in the
                // Anthropic spec, so it arrives as an unknown value of the extensible role enum.
                case "system":
                case "developer":
                    TranslateSystemTurn(message, context, work);
                    break;
                default:
                    throw TranslationException.InvalidRequest(string.Create(
                        CultureInfo.InvariantCulture,
                        $"messages[{i}].role: unknown role '{message.Role.Value}' (expected user, assistant or system)"));
            }
        }

        // An assistant turn whose tool calls were never answered ends the conversation (C32).
        ClosePendingToolCalls(context, work);
    }

    private static void DispatchContent(InputMessageContent content, RequestContext context, RequestWork work)
    {
        if (content.AsString is { } text)
        {
            AddText(text, work);
            return;
        }

        var blocks = content.AsArray!;
        for (int b = 0; b < blocks.Count; b++)
        {
            work.BlockIndex = b;
            work.InnerIndex = -1;
            DispatchContentBlock(blocks[b], context);
        }
    }

    // C25–C31: tool results become tool messages first, in their order; the rest of the turn (and the
    // images taken out of tool results) follows in one user message.
    private static void TranslateUserTurn(InputMessage message, RequestContext context, RequestWork work)
    {
        work.BeginTurn(TurnRole.User);
        DispatchContent(message.Content, context, work);

        work.Messages.AddRange(work.TurnToolMessages);
        bool onlyResults = work.UserParts.Count == 0 && work.TurnToolMessages.Count > 0;
        if (onlyResults && work.PendingToolCallIds.Count > 0)
        {
            // Only tool results, calls still unanswered: the next user message may answer them (C32). What the
            // results attached waits too, so it comes after all the tool messages (C27, C31).
            work.HeldMedia.AddRange(work.MovedMedia);
            return;
        }

        var parts = new List<IChatCompletionRequestUserMessageContentPart>(work.HeldMedia.Count + work.MovedMedia.Count + work.UserParts.Count);
        parts.AddRange(work.HeldMedia);
        work.HeldMedia.Clear();
        parts.AddRange(work.MovedMedia);
        parts.AddRange(work.UserParts);

        // Also releases the system entries that waited for these results, in their order (C04, C06).
        ClosePendingToolCalls(context, work);
        if (onlyResults && parts.Count == 0)
        {
            // Every call answered and nothing else in the turn: no user message.
            return;
        }

        work.Messages.Add(new ChatCompletionRequestUserMessage { Content = UserContent(parts) });
    }

    // C06, C07, C21–C24: one assistant message per assistant turn; no text → content: null with tool_calls.
    private static void TranslateAssistantTurn(InputMessage message, RequestContext context, RequestWork work)
    {
        ClosePendingToolCalls(context, work);
        work.BeginTurn(TurnRole.Assistant);
        DispatchContent(message.Content, context, work);

        var assistant = new ChatCompletionRequestAssistantMessage();
        if (work.AssistantTexts.Count > 0)
        {
            // CUSTOM: text blocks are joined into one string; several OpenAI-compatible backends (DeepSeek,
            // older Ollama) reject content-part arrays on assistant messages.
            assistant.Content = work.AssistantTexts.Count == 1 ? work.AssistantTexts[0] : string.Join(ParagraphJoin, work.AssistantTexts);
        }
        else if (work.ToolCalls.Count > 0)
        {
            assistant.SetExplicitNull("content");
        }
        else
        {
            assistant.Content = string.Empty;
        }

        if (work.ToolCalls.Count > 0)
        {
            assistant.ToolCalls = [.. work.ToolCalls];
            foreach (var call in work.ToolCalls)
            {
                work.PendingToolCallIds.Add(call.Id);
            }
        }

        if (work.ReasoningTexts.Count > 0)
        {
            // CUSTOM: reasoning_content is not in the OpenAI spec; DeepSeek-style backends take thinking back in it (C23).
            assistant.AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
            {
                ["reasoning_content"] = JsonValues.String(string.Join(ParagraphJoin, work.ReasoningTexts)),
            };
        }

        work.Messages.Add(assistant);
    }

    // C04: kept in place as a system (or developer) message; C03: never empty.
    private static void TranslateSystemTurn(InputMessage message, RequestContext context, RequestWork work)
    {
        work.BeginTurn(TurnRole.System);
        DispatchContent(message.Content, context, work);
        if (work.SystemTexts.Count == 0)
        {
            return;
        }

        var system = SystemMessage(string.Join(ParagraphJoin, work.SystemTexts), work);

        // CUSTOM: not quite "in place" (C04) when tool calls are pending: OpenAI requires the tool messages
        // right after their assistant message, so a system entry between calls and results waits for them.
        if (work.PendingToolCallIds.Count > 0)
        {
            work.DeferredMessages.Add(system);
        }
        else
        {
            work.Messages.Add(system);
        }
    }

    // C25–C30, C32: a tool result answering a pending call becomes a tool message; any other is user text.
    private static partial void HandleContentBlock(RequestToolResultBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        if (work.Role == TurnRole.System)
        {
            context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: tool_result block skipped (system messages carry text only)");
            return;
        }

        work.ToolResultTexts.Clear();
        work.ToolResultMedia.Clear();
        if (value.Content is { } content)
        {
            if (content.AsString is { } single)
            {
                work.ToolResultTexts.Add(single);
            }
            else
            {
                var items = content.AsArray!;
                for (int i = 0; i < items.Count; i++)
                {
                    work.InnerIndex = i;
                    DispatchToolResultContent(items[i], context);
                }

                work.InnerIndex = -1;
            }
        }

        // C26: texts joined with "\n" (never the raw JSON of the array); C29: no content → "".
        string text = work.ToolResultTexts.Count switch
        {
            0 => string.Empty,
            1 => work.ToolResultTexts[0],
            _ => string.Join(ToolResultJoin, work.ToolResultTexts),
        };
        if (text.Length == 0 && work.ToolResultMedia.Count > 0)
        {
            text = MediaMovedText;
        }

        // C28: the failure stays visible.
        if (value.IsError == true)
        {
            text = "Error: " + text;
        }

        if (work.Role == TurnRole.User && work.PendingToolCallIds.Remove(value.ToolUseId))
        {
            work.TurnToolMessages.Add(new ChatCompletionRequestToolMessage { ToolCallId = value.ToolUseId, Content = text });
            if (work.ToolResultMedia.Count > 0)
            {
                // C27: images in a user message right after the tool messages, never base64 in text.
                work.MovedMedia.Add(new ChatCompletionRequestMessageContentPartText { Text = $"Attachments from tool result {value.ToolUseId}:" });
                work.MovedMedia.AddRange(work.ToolResultMedia);
                context.Report.Add(ConversionCodes.ToolResultImagesMoved, $"{work.BlockPath}: images or files of tool result {value.ToolUseId} moved to a user message after the tool messages");
            }

            return;
        }

        // C32: an orphan result (no pending call with that id) is kept as user text.
        context.Report.Add(ConversionCodes.OrphanToolResult, $"{work.BlockPath}: tool_result for {value.ToolUseId} answers no tool call of the previous assistant turn; sent as text");
        AddText($"[tool_result for {value.ToolUseId}]\n{text}", work);
        foreach (var part in work.ToolResultMedia)
        {
            AddPart(part, "tool_result attachment", work, context);
        }
    }

    // C32: every unanswered call gets a placeholder result, so the backend sees a complete exchange.
    private static void ClosePendingToolCalls(RequestContext context, RequestWork work)
    {
        foreach (var id in work.PendingToolCallIds)
        {
            work.Messages.Add(new ChatCompletionRequestToolMessage { ToolCallId = id, Content = MissingResultText });
            context.Report.Add(ConversionCodes.OrphanToolUse, $"tool_use {id} has no tool_result: a placeholder result was sent");
        }

        work.PendingToolCallIds.Clear();
        work.Messages.AddRange(work.DeferredMessages);
        work.DeferredMessages.Clear();
        if (work.HeldMedia.Count > 0)
        {
            // C27: what results of an earlier user message attached, when no user turn follows to carry it.
            work.Messages.Add(new ChatCompletionRequestUserMessage { Content = UserContent([.. work.HeldMedia]) });
            work.HeldMedia.Clear();
        }
    }

    private static IChatCompletionRequestMessage SystemMessage(string text, RequestWork work) =>
        work.Context.Options.Profile.UsesDeveloperRole(work.TargetModel)
            ? new ChatCompletionRequestDeveloperMessage { Content = text }
            : new ChatCompletionRequestSystemMessage { Content = text };

    // One text part is sent as a plain string (what every backend accepts); an empty turn as "".
    private static ChatCompletionRequestUserMessageContent UserContent(List<IChatCompletionRequestUserMessageContentPart> parts) => parts.Count switch
    {
        0 => string.Empty,
        1 when parts[0] is ChatCompletionRequestMessageContentPartText only => only.Text,
        _ => parts,
    };
}
