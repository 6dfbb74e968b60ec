// PENDING: placeholders so the project compiles while the hand-written mapping is built.
// Each method moves to the concern file that implements it; this file must be empty (deleted) when done.
namespace Protocols.Translation;

/// <summary>Anthropic Messages request → OpenAI Chat Completions request (C01–C40).</summary>
public static partial class RequestTranslator
{
    public static partial global::Protocols.OpenAI.CreateChatCompletionRequest Translate(global::Protocols.Anthropic.CreateMessageParams source, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestTextBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestImageBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestDocumentBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestSearchResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestThinkingBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestRedactedThinkingBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestToolUseBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestToolResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestServerToolUseBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestWebSearchToolResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestWebFetchToolResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestCodeExecutionToolResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestBashCodeExecutionToolResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestTextEditorCodeExecutionToolResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestToolSearchToolResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.RequestContainerUploadBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleContentBlock(global::Protocols.Anthropic.UnknownInputContentBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolResultContent(global::Protocols.Anthropic.RequestTextBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolResultContent(global::Protocols.Anthropic.RequestImageBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolResultContent(global::Protocols.Anthropic.RequestSearchResultBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolResultContent(global::Protocols.Anthropic.RequestDocumentBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolResultContent(global::Protocols.Anthropic.RequestToolReferenceBlock value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolResultContent(global::Protocols.Anthropic.UnknownRequestToolResultBlockContentArrayItem value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.Tool value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.BashTool20250124 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.CodeExecutionTool20250522 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.CodeExecutionTool20250825 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.CodeExecutionTool20260120 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.MemoryTool20250818 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.TextEditor20250124 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.TextEditor20250429 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.TextEditor20250728 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.WebSearchTool20250305 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.WebFetchTool20250910 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.WebSearchTool20260209 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.WebFetchTool20260209 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.WebFetchTool20260309 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.ToolSearchToolBM2520251119 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.ToolSearchToolRegex20251119 value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleTool(global::Protocols.Anthropic.UnknownCreateMessageParamsToolsItem value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolChoice(global::Protocols.Anthropic.ToolChoiceAuto value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolChoice(global::Protocols.Anthropic.ToolChoiceAny value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolChoice(global::Protocols.Anthropic.ToolChoiceTool value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolChoice(global::Protocols.Anthropic.ToolChoiceNone value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleToolChoice(global::Protocols.Anthropic.UnknownToolChoice value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleThinking(global::Protocols.Anthropic.ThinkingConfigEnabled value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleThinking(global::Protocols.Anthropic.ThinkingConfigDisabled value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleThinking(global::Protocols.Anthropic.ThinkingConfigAdaptive value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleThinking(global::Protocols.Anthropic.UnknownThinkingConfigParam value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleImageSource(global::Protocols.Anthropic.Base64ImageSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleImageSource(global::Protocols.Anthropic.URLImageSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleImageSource(global::Protocols.Anthropic.UnknownRequestImageBlockSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleDocumentSource(global::Protocols.Anthropic.Base64PDFSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleDocumentSource(global::Protocols.Anthropic.PlainTextSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleDocumentSource(global::Protocols.Anthropic.ContentBlockSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleDocumentSource(global::Protocols.Anthropic.URLPDFSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

    private static partial void HandleDocumentSource(global::Protocols.Anthropic.UnknownRequestDocumentBlockSource value, global::Protocols.Translation.RequestContext context) => throw new NotImplementedException();

}
