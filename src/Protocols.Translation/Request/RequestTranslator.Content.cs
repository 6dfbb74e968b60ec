using System.Text;
using System.Text.Json;
using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Text, image and document blocks (C08–C10), blocks the target cannot carry, and tool_result content (C26, C27, C30).
public static partial class RequestTranslator
{
    private static partial void HandleContentBlock(RequestTextBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportTextBlockExtras(value, work.BlockPath, context);
        AddText(value.Text, work);
    }

    // C08, C09.
    private static partial void HandleContentBlock(RequestImageBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        if (SkippedOutsideUser("image", work, context))
        {
            return;
        }

        if (ImagePart(value, work, context) is { } part)
        {
            work.UserParts.Add(part);
        }
    }

    // C10.
    private static partial void HandleContentBlock(RequestDocumentBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        if (SkippedOutsideUser("document", work, context))
        {
            return;
        }

        work.UserParts.AddRange(DocumentParts(value, work, context));
    }

    private static partial void HandleContentBlock(RequestSearchResultBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: search_result sent as plain text (no citations)");
        AddText(SearchResultText(value), work);
    }

    private static partial void HandleContentBlock(RequestServerToolUseBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[server tool call {value.Name.Value} ({value.Id}) omitted]", context);

    private static partial void HandleContentBlock(RequestWebSearchToolResultBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[{value.Type} for {value.ToolUseId} omitted]", context);

    private static partial void HandleContentBlock(RequestWebFetchToolResultBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[{value.Type} for {value.ToolUseId} omitted]", context);

    private static partial void HandleContentBlock(RequestCodeExecutionToolResultBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[{value.Type} for {value.ToolUseId} omitted]", context);

    private static partial void HandleContentBlock(RequestBashCodeExecutionToolResultBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[{value.Type} for {value.ToolUseId} omitted]", context);

    private static partial void HandleContentBlock(RequestTextEditorCodeExecutionToolResultBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[{value.Type} for {value.ToolUseId} omitted]", context);

    private static partial void HandleContentBlock(RequestToolSearchToolResultBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[{value.Type} for {value.ToolUseId} omitted]", context);

    private static partial void HandleContentBlock(RequestContainerUploadBlock value, RequestContext context) =>
        Placeholder(value.Type, $"[container_upload {value.FileId} omitted]", context);

    // C05: a block type this version does not know is a placeholder, never a 4xx.
    private static partial void HandleContentBlock(UnknownInputContentBlock value, RequestContext context) =>
        Placeholder(value.Tag ?? "untyped", $"[{value.Tag ?? "unknown"} block omitted]", context);

    private static partial void HandleImageSource(Base64ImageSource value, RequestContext context) =>
        RequestWork.Of(context).ImageUrl = "data:" + value.MediaType.Value + ";base64," + value.Data;

    private static partial void HandleImageSource(URLImageSource value, RequestContext context) =>
        RequestWork.Of(context).ImageUrl = value.Url;

    // CUSTOM: an image source the target cannot carry (e.g. a Files API file_id) follows the document rule (C10):
    // 400 naming the block, or dropped with DropUnsupportedDocuments.
    private static partial void HandleImageSource(UnknownRequestImageBlockSource value, RequestContext context) =>
        Unsupported($"an image with a '{value.Tag}' source", RequestWork.Of(context), context);

    // C10: a PDF travels as an OpenAI file part carrying a data URI. A file part has no place for the
    // document's context (the title is its file name), so the context leads it as a text part, as it leads a
    // text document: never silently lost.
    private static partial void HandleDocumentSource(Base64PDFSource value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        if (work.Document?.Context is not null)
        {
            work.DocumentParts.Add(TextPart(DocumentText(work.Document, string.Empty).TrimEnd()));
        }

        work.DocumentParts.Add(new ChatCompletionRequestMessageContentPartFile
        {
            File = new ChatCompletionRequestMessageContentPartFileFile
            {
                Filename = DocumentFileName(work.Document),
                FileData = "data:application/pdf;base64," + value.Data,
            },
        });
    }

    // C10: a plain-text document is a text part.
    private static partial void HandleDocumentSource(PlainTextSource value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        work.DocumentParts.Add(TextPart(DocumentText(work.Document, value.Data)));
    }

    private static partial void HandleDocumentSource(ContentBlockSource value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        if (value.Content.AsString is { } text)
        {
            work.DocumentParts.Add(TextPart(DocumentText(work.Document, text)));
            return;
        }

        var document = work.Document;
        var parts = new List<IChatCompletionRequestUserMessageContentPart>();
        foreach (var item in value.Content.AsArray!)
        {
            switch (item)
            {
                case RequestTextBlock t:
                    parts.Add(TextPart(t.Text));
                    break;
                case RequestImageBlock image when ImagePart(image, work, context) is { } part:
                    parts.Add(part);
                    break;
                case RequestImageBlock:
                    break;
                default:
                    var tag = (item as UnknownContentBlockSourceContentArrayItem)?.Tag ?? "unknown";
                    context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: a '{tag}' item of a content document was replaced by a placeholder");
                    parts.Add(TextPart($"[{tag} omitted]"));
                    break;
            }
        }

        if (document?.Title is not null || document?.Context is not null)
        {
            parts.Insert(0, TextPart(DocumentText(document, string.Empty).TrimEnd()));
        }

        work.DocumentParts.AddRange(parts);
    }

    // C10: OpenAI file parts carry data, not URLs.
    private static partial void HandleDocumentSource(URLPDFSource value, RequestContext context) =>
        Unsupported("a PDF document with a URL source", RequestWork.Of(context), context);

    private static partial void HandleDocumentSource(UnknownRequestDocumentBlockSource value, RequestContext context) =>
        Unsupported($"a document with a '{value.Tag}' source", RequestWork.Of(context), context);

    // C26.
    private static partial void HandleToolResultContent(RequestTextBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportTextBlockExtras(value, work.BlockPath, context);
        work.ToolResultTexts.Add(value.Text);
    }

    // C27: images are moved out of the tool message.
    private static partial void HandleToolResultContent(RequestImageBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        if (ImagePart(value, work, context) is { } part)
        {
            work.ToolResultMedia.Add(part);
        }
    }

    private static partial void HandleToolResultContent(RequestSearchResultBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: search_result sent as plain text (no citations)");
        work.ToolResultTexts.Add(SearchResultText(value));
    }

    // Text documents stay in the tool message; PDFs and images move like images (C27).
    private static partial void HandleToolResultContent(RequestDocumentBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        foreach (var part in DocumentParts(value, work, context))
        {
            if (part is ChatCompletionRequestMessageContentPartText text)
            {
                work.ToolResultTexts.Add(text.Text);
            }
            else
            {
                work.ToolResultMedia.Add(part);
            }
        }
    }

    // C30: a short placeholder, never a 4xx.
    private static partial void HandleToolResultContent(RequestToolReferenceBlock value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        ReportBlockExtras(value.CacheControl, value.AdditionalProperties, work, context);
        context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: tool_reference replaced by a text placeholder");
        work.ToolResultTexts.Add($"[tool_reference: {ToolName(value.ToolName, context)}]");
    }

    // C30.
    private static partial void HandleToolResultContent(UnknownRequestToolResultBlockContentArrayItem value, RequestContext context)
    {
        var work = RequestWork.Of(context);
        var tag = value.Tag ?? "unknown";
        context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: '{tag}' content of a tool_result replaced by a text placeholder");
        work.ToolResultTexts.Add($"[{tag} omitted]");
    }

    private static IChatCompletionRequestUserMessageContentPart? ImagePart(RequestImageBlock image, RequestWork work, RequestContext context)
    {
        work.ImageUrl = null;
        DispatchImageSource(image.Source, context);
        return work.ImageUrl is { } url
            ? new ChatCompletionRequestMessageContentPartImage { ImageUrl = new ChatCompletionRequestMessageContentPartImageImageUrl { Url = url } }
            : null;
    }

    private static List<IChatCompletionRequestUserMessageContentPart> DocumentParts(RequestDocumentBlock document, RequestWork work, RequestContext context)
    {
        if (document.Citations?.Enabled == true)
        {
            context.Report.Add(ConversionCodes.CitationsDropped, $"{work.BlockPath}: document citations are not supported by the target");
        }

        work.Document = document;
        work.DocumentParts.Clear();
        DispatchDocumentSource(document.Source, context);
        work.Document = null;
        return [.. work.DocumentParts];
    }

    // Adds text to whatever the current turn is building.
    private static void AddText(string text, RequestWork work)
    {
        switch (work.Role)
        {
            case TurnRole.User:
                work.UserParts.Add(TextPart(text));
                break;
            case TurnRole.Assistant:
                if (text.Length > 0)
                {
                    work.AssistantTexts.Add(text);
                }

                break;
            default:
                // C03: empty and whitespace-only blocks are skipped.
                if (!string.IsNullOrWhiteSpace(text))
                {
                    work.SystemTexts.Add(text);
                }

                break;
        }
    }

    // Adds a media part: user turns carry it; anywhere else it becomes a placeholder.
    private static void AddPart(IChatCompletionRequestUserMessageContentPart part, string what, RequestWork work, RequestContext context)
    {
        if (work.Role == TurnRole.User)
        {
            work.UserParts.Add(part);
            return;
        }

        context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: {what} replaced by a text placeholder (only user messages carry media)");
        AddText($"[{what} omitted]", work);
    }

    // Media in assistant turns become placeholders; in system turns they are skipped (C03).
    private static bool SkippedOutsideUser(string type, RequestWork work, RequestContext context)
    {
        switch (work.Role)
        {
            case TurnRole.User:
                return false;
            case TurnRole.System:
                context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: {type} block skipped (system messages carry text only)");
                return true;
            default:
                context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: {type} block replaced by a text placeholder (assistant messages carry text and tool calls only)");
                AddText($"[{type} omitted]", work);
                return true;
        }
    }

    private static void Placeholder(string type, string text, RequestContext context)
    {
        var work = RequestWork.Of(context);
        if (work.Role == TurnRole.System)
        {
            context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: {type} block skipped (system messages carry text only)");
            return;
        }

        context.Report.Add(ConversionCodes.BlockReplaced, $"{work.BlockPath}: {type} block replaced by a text placeholder");
        AddText(text, work);
    }

    // C10, C14-style: refused with a 400 naming the block unless configured to drop.
    private static void Unsupported(string what, RequestWork work, RequestContext context)
    {
        if (!context.Options.DropUnsupportedDocuments)
        {
            throw TranslationException.InvalidRequest(
                $"{work.BlockPath}: {what} cannot be sent to an OpenAI-compatible backend; send the data as base64, or enable DropUnsupportedDocuments to drop it");
        }

        context.Report.Add(ConversionCodes.DocumentDropped, $"{work.BlockPath}: {what} dropped");
    }

    private static ChatCompletionRequestMessageContentPartText TextPart(string text) => new() { Text = text };

    private static string DocumentFileName(RequestDocumentBlock? document)
    {
        var title = document?.Title;
        if (string.IsNullOrWhiteSpace(title))
        {
            return "document.pdf";
        }

        return title.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ? title : title + ".pdf";
    }

    // The title and context of a text document carry meaning: they lead the text.
    private static string DocumentText(RequestDocumentBlock? document, string text)
    {
        if (document is null || (document.Title is null && document.Context is null))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 64);
        if (document.Title is not null)
        {
            sb.Append("Document: ").Append(document.Title).Append('\n');
        }

        if (document.Context is not null)
        {
            sb.Append("Context: ").Append(document.Context).Append('\n');
        }

        return sb.Append('\n').Append(text).ToString();
    }

    private static string SearchResultText(RequestSearchResultBlock value)
    {
        var sb = new StringBuilder();
        sb.Append("Search result: ").Append(value.Title).Append('\n');
        sb.Append("Source: ").Append(value.Source);
        foreach (var block in value.Content)
        {
            sb.Append("\n\n").Append(block.Text);
        }

        return sb.ToString();
    }

    private static void ReportTextBlockExtras(RequestTextBlock block, string path, RequestContext context)
    {
        if (block.CacheControl is not null)
        {
            RequestReport.CacheControlRemoved(context);
        }

        if (block.Citations is { Count: > 0 })
        {
            context.Report.Add(ConversionCodes.CitationsDropped, $"{path}: citations dropped (no OpenAI equivalent)");
        }

        RequestReport.UnknownFields(block.AdditionalProperties, path, context);
    }

    private static void ReportBlockExtras(CacheControlEphemeral? cacheControl, IDictionary<string, JsonElement>? extra, RequestWork work, RequestContext context)
    {
        if (cacheControl is not null)
        {
            RequestReport.CacheControlRemoved(context);
        }

        if (extra is { Count: > 0 })
        {
            RequestReport.UnknownFields(extra, work.BlockPath, context);
        }
    }
}
