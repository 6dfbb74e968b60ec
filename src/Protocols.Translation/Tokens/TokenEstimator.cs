using System.Runtime.InteropServices;
using System.Text.Json;
using Protocols.Anthropic;
using Protocols.Core;

namespace Protocols.Translation;

/// <summary>
/// Estimates the input tokens of an Anthropic request without a tokenizer: for
/// <c>POST /v1/messages/count_tokens</c> (C76) and for <c>message_start</c> usage before the backend reports
/// it (C53). Counts the system prompt, tools (name, description, schema), text, <c>tool_use</c> (name and
/// input JSON), <c>tool_result</c>, thinking, images and documents.
/// </summary>
/// <remarks>
/// <para>
/// Text is weighed per character (about 3.7 letters per token for English, punctuation near a token each,
/// about one token per CJK character), raw JSON is weighed on its UTF-8 bytes without re-serializing it, and
/// fixed overheads come from Anthropic's documentation: 3 tokens per message, 2 for a system prompt, the
/// tool-use system prompt Claude 4 models add when tools are present (346 tokens with <c>tool_choice</c>
/// auto/none, 313 with any/tool), <c>width × height / 750</c> per image, 1,500–3,000 per PDF page.
/// </para>
/// <para>
/// How close it is, on the examples Anthropic's token-counting guide publishes: system "You are a scientist"
/// with "Hello, Claude" counts 14 (Anthropic: 14); the <c>get_weather</c> tool with "What's the weather like
/// in San Francisco?" counts 415 (Anthropic: 403, +3%); image sizes follow Anthropic's own formula. The
/// Claude Code captures (tests/fixtures, ~49 KB) count about 12,100 (≈4 bytes per token). Expect ±15% on
/// English prose, code and JSON, and wider on other scripts: an estimate, never a bill.
/// </para>
/// <para>
/// Cost: one pass over the text, 32 ASCII characters at a time (vectorized), no allocation for text and no
/// re-serialization of tool inputs or schemas (their raw UTF-8 is weighed in place).
/// </para>
/// </remarks>
public static partial class TokenEstimator
{
    /// <summary>The tool-use system prompt with <c>tool_choice</c> auto or none (Claude 4 models).</summary>
    public const int ToolsPromptAuto = 346;

    /// <summary>The tool-use system prompt with <c>tool_choice</c> any or tool (Claude 4 models).</summary>
    public const int ToolsPromptForced = 313;

    /// <summary>Per message: the role and turn markers.</summary>
    public const int MessageOverhead = 3;

    /// <summary>For a system prompt.</summary>
    public const int SystemOverhead = 2;

    private const int ToolOverhead = 5;
    private const int ToolUseOverhead = 8;
    private const int ToolResultOverhead = 5;
    private const int BlockOverhead = 1;

    // Anthropic-defined tools carry their own (undisclosed) definitions; documented figures where known.
    private const int BashToolTokens = 245;
    private const int TextEditorToolTokens = 700;
    private const int OtherServerToolTokens = 300;

    /// <summary>Estimates the input tokens of a Messages request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The estimate.</returns>
    public static long Estimate(CreateMessageParams request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Estimate(request, null);
    }

    /// <summary>Estimates the input tokens of a count-tokens request (C76).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The estimate.</returns>
    public static long Estimate(CountMessageTokensParams request)
    {
        ArgumentNullException.ThrowIfNull(request);
        long total = EstimateSystem(request.System?.AsString, request.System?.AsArray);
        total += EstimateMessages(request.Messages);
        if (request.Tools is { Count: > 0 } tools)
        {
            total += ToolsPrompt(request.ToolChoice);
            foreach (var tool in tools)
            {
                total += EstimateTool(tool);
            }
        }

        return total;
    }

    /// <summary>Estimates the messages of a request.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The estimate.</returns>
    public static long EstimateMessages(List<InputMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long total = 0;
        foreach (var message in messages)
        {
            total += EstimateMessage(message);
        }

        return total;
    }

    /// <summary>Estimates one message (its overhead included).</summary>
    /// <param name="message">The message.</param>
    /// <returns>The estimate.</returns>
    public static long EstimateMessage(InputMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Content.AsString is { } text)
        {
            return MessageOverhead + EstimateText(text);
        }

        long total = MessageOverhead;
        foreach (var block in message.Content.AsArray!)
        {
            total += EstimateBlock(block);
        }

        return total;
    }

    /// <summary>
    /// <see cref="Estimate(CreateMessageParams)"/>, taking the estimate of the messages the translation cache knows
    /// (<paramref name="known"/>: by index, null where the message was read this time) from the cache.
    /// </summary>
    internal static long Estimate(CreateMessageParams request, CachedMessage?[]? known)
    {
        long total = EstimateSystem(request.System?.AsString, request.System?.AsArray);
        var messages = request.Messages;
        bool byIndex = known is not null && known.Length == messages.Count;
        for (int i = 0; i < messages.Count; i++)
        {
            total += byIndex && known![i] is { } cached && ReferenceEquals(cached.Parsed, messages[i]) ? cached.Tokens : EstimateMessage(messages[i]);
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            total += ToolsPrompt(request.ToolChoice) + EstimateToolDefinitions(tools);
        }

        return total;
    }

    private static long EstimateSystem(string? text, List<RequestTextBlock>? blocks)
    {
        if (text is not null)
        {
            return SystemOverhead + EstimateText(text);
        }

        if (blocks is null)
        {
            return 0;
        }

        long total = SystemOverhead;
        foreach (var block in blocks)
        {
            total += EstimateText(block.Text);
        }

        return total;
    }

    /// <summary>The tokens of the tool definitions alone (what <see cref="Estimate(CreateMessageParams)"/> adds per tool).</summary>
    /// <param name="tools">The tools.</param>
    /// <returns>The estimate, without the tools prompt.</returns>
    internal static long EstimateToolDefinitions(List<ICreateMessageParamsToolsItem> tools)
    {
        long total = 0;
        foreach (var tool in tools)
        {
            total += EstimateTool(tool);
        }

        return total;
    }

    /// <summary>The tokens of a system prompt (what <see cref="Estimate(CreateMessageParams)"/> adds for it).</summary>
    /// <param name="system">The system prompt.</param>
    /// <returns>The estimate.</returns>
    internal static long EstimateSystemPrompt(CreateMessageParamsSystem system) => EstimateSystem(system.AsString, system.AsArray);

    /// <summary>The tools prompt for <paramref name="choice"/> (added once when there are tools).</summary>
    /// <param name="choice">The tool choice.</param>
    /// <returns>The tokens.</returns>
    internal static long ToolsPrompt(IToolChoice? choice) =>
        choice is ToolChoiceAny or ToolChoiceTool ? ToolsPromptForced : ToolsPromptAuto;

    private static long EstimateBlock(IInputContentBlock block) => BlockOverhead + block switch
    {
        RequestTextBlock text => EstimateText(text.Text),
        RequestImageBlock image => EstimateImage(image.Source),
        RequestDocumentBlock document => EstimateDocument(document),
        RequestSearchResultBlock search => EstimateSearchResult(search),
        RequestThinkingBlock thinking => EstimateText(thinking.Thinking),
        RequestRedactedThinkingBlock => 0,
        RequestToolUseBlock use => ToolUseOverhead + EstimateText(use.Name) + EstimateJson(use.Input),
        RequestServerToolUseBlock use => ToolUseOverhead + EstimateText(use.Name.Value) + EstimateJson(use.Input),
        RequestToolResultBlock result => EstimateToolResult(result),
        UnknownInputContentBlock unknown => EstimateJson(unknown.Json),

        // Server tool results and container uploads: rare; their JSON is a fair measure.
        _ => EstimateUtf8(JsonModel.ToUtf8(block)),
    };

    private static long EstimateToolResult(RequestToolResultBlock result)
    {
        long total = ToolResultOverhead;
        if (result.Content is not { } content)
        {
            return total;
        }

        if (content.AsString is { } text)
        {
            return total + EstimateText(text);
        }

        foreach (var item in content.AsArray!)
        {
            total += BlockOverhead + item switch
            {
                RequestTextBlock t => EstimateText(t.Text),
                RequestImageBlock image => EstimateImage(image.Source),
                RequestDocumentBlock document => EstimateDocument(document),
                RequestSearchResultBlock search => EstimateSearchResult(search),
                RequestToolReferenceBlock reference => EstimateText(reference.ToolName),
                UnknownRequestToolResultBlockContentArrayItem unknown => EstimateJson(unknown.Json),
                _ => EstimateUtf8(JsonModel.ToUtf8(item)),
            };
        }

        return total;
    }

    private static long EstimateDocument(RequestDocumentBlock document)
    {
        long total = EstimateText(document.Title) + EstimateText(document.Context);
        return total + document.Source switch
        {
            Base64PDFSource pdf => EstimatePdf(pdf.Data),
            PlainTextSource plain => EstimateText(plain.Data),
            ContentBlockSource content when content.Content.AsString is { } text => EstimateText(text),
            ContentBlockSource content => EstimateContentItems(content.Content.AsArray!),

            // A URL PDF: the page count is unknown without fetching it.
            _ => PdfPageTokens,
        };
    }

    private static long EstimateContentItems(List<IContentBlockSourceContentArrayItem> items)
    {
        long total = 0;
        foreach (var item in items)
        {
            total += BlockOverhead + item switch
            {
                RequestTextBlock t => EstimateText(t.Text),
                RequestImageBlock image => EstimateImage(image.Source),
                UnknownContentBlockSourceContentArrayItem unknown => EstimateJson(unknown.Json),
                _ => 0,
            };
        }

        return total;
    }

    private static long EstimateSearchResult(RequestSearchResultBlock search)
    {
        long total = EstimateText(search.Title) + EstimateText(search.Source);
        foreach (var block in search.Content)
        {
            total += EstimateText(block.Text);
        }

        return total;
    }

    private static long EstimateTool(IJsonWritable tool) => tool switch
    {
        Tool custom => ToolOverhead + EstimateText(custom.Name) + EstimateText(custom.Description) + EstimateSchema(custom.InputSchema),
        BashTool20250124 => BashToolTokens,
        TextEditor20250124 or TextEditor20250429 or TextEditor20250728 => TextEditorToolTokens,
        UnknownCreateMessageParamsToolsItem unknown => ToolOverhead + EstimateJson(unknown.Json),
        UnknownCountMessageTokensParamsToolsItem unknown => ToolOverhead + EstimateJson(unknown.Json),
        _ => OtherServerToolTokens,
    };

    // `{"type":"object", "properties": …, "required": […], …}` measured on the raw JSON of each member.
    private static long EstimateSchema(InputSchema schema)
    {
        long total = 5 + EstimateJson(schema.Properties);
        if (schema.Required is { } required)
        {
            foreach (var name in required)
            {
                total += 1 + EstimateText(name);
            }
        }

        if (schema.AdditionalProperties is { } extra)
        {
            foreach (var pair in extra)
            {
                total += EstimateText(pair.Key) + EstimateJson(pair.Value);
            }
        }

        return total;
    }

    private static long EstimateJson(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Undefined } value ? EstimateUtf8(JsonMarshal.GetRawUtf8Value(value)) : 0;

    private static long EstimateText(string? text) => text is null ? 0 : EstimateText(text.AsSpan());
}
