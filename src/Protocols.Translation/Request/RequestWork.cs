using System.Globalization;
using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>Which kind of turn the request translation is reading.</summary>
internal enum TurnRole
{
    /// <summary>A <c>user</c> message.</summary>
    User,

    /// <summary>An <c>assistant</c> message.</summary>
    Assistant,

    /// <summary>A <c>system</c> (or <c>developer</c>) entry inside <c>messages</c> (C04).</summary>
    System,
}

/// <summary>
/// The working state of one <see cref="RequestTranslator.Translate"/> call: the generated handlers only get
/// <c>(value, context)</c>, so what they produce is collected here, attached to the <see cref="RequestContext"/>
/// for the duration of the call.
/// </summary>
internal sealed class RequestWork
{
    private RequestWork(RequestContext context)
    {
        Context = context;
    }

    /// <summary>The context this work belongs to.</summary>
    public RequestContext Context { get; }

    /// <summary>The upstream model.</summary>
    public string TargetModel { get; set; } = string.Empty;

    /// <summary>The messages produced so far, in order.</summary>
    public List<IChatCompletionRequestMessage> Messages { get; } = [];

    /// <summary>The index of the message being read.</summary>
    public int MessageIndex { get; set; }

    /// <summary>The index of the block being read within its message.</summary>
    public int BlockIndex { get; set; }

    /// <summary>The index of the block being read within a <c>tool_result</c>'s content, or -1 outside one.</summary>
    public int InnerIndex { get; set; } = -1;

    /// <summary>The role of the message being read.</summary>
    public TurnRole Role { get; set; }

    /// <summary>The user content parts of the current turn (everything but tool results, C31).</summary>
    public List<IChatCompletionRequestUserMessageContentPart> UserParts { get; } = [];

    /// <summary>The tool messages of the current user turn, in the order of their results (C31).</summary>
    public List<ChatCompletionRequestToolMessage> TurnToolMessages { get; } = [];

    /// <summary>Images and files taken out of tool results, for the user message after the tool messages (C27).</summary>
    public List<IChatCompletionRequestUserMessageContentPart> MovedMedia { get; } = [];

    /// <summary>The non-empty texts of the current <c>system</c> turn.</summary>
    public List<string> SystemTexts { get; } = [];

    /// <summary>The texts of the current assistant turn.</summary>
    public List<string> AssistantTexts { get; } = [];

    /// <summary>The tool calls of the current assistant turn.</summary>
    public List<ChatCompletionMessageToolCall> ToolCalls { get; } = [];

    /// <summary>The thinking texts of the current assistant turn (sent back only when the profile says so, C23).</summary>
    public List<string> ReasoningTexts { get; } = [];

    /// <summary>Ids of the last assistant turn's tool calls that no tool result has answered yet (C32).</summary>
    public List<string> PendingToolCallIds { get; } = [];

    /// <summary>
    /// Images and files taken out of tool results of earlier user turns while calls were still pending: sent in the
    /// user message after all the tool messages (C27), once every call is answered or closed.
    /// </summary>
    public List<IChatCompletionRequestUserMessageContentPart> HeldMedia { get; } = [];

    /// <summary><c>system</c> turns that arrived while tool calls were pending: emitted after the tool messages.</summary>
    public List<IChatCompletionRequestMessage> DeferredMessages { get; } = [];

    /// <summary>The texts of the <c>tool_result</c> being read (joined with <c>"\n"</c>, C26).</summary>
    public List<string> ToolResultTexts { get; } = [];

    /// <summary>The images and files of the <c>tool_result</c> being read (moved out, C27).</summary>
    public List<IChatCompletionRequestUserMessageContentPart> ToolResultMedia { get; } = [];

    /// <summary>Set by the image-source handlers: the URL to send, or null when the image was dropped.</summary>
    public string? ImageUrl { get; set; }

    /// <summary>The document block whose source is being dispatched.</summary>
    public RequestDocumentBlock? Document { get; set; }

    /// <summary>Set by the document-source handlers: the parts the document became (empty when dropped).</summary>
    public List<IChatCompletionRequestUserMessageContentPart> DocumentParts { get; } = [];

    /// <summary>The function tools produced from <c>tools[]</c>.</summary>
    public List<ICreateChatCompletionRequestToolsItem> Tools { get; } = [];

    /// <summary>The index of the tool being read.</summary>
    public int ToolIndex { get; set; }

    /// <summary>Set by the tool-choice handlers.</summary>
    public ChatCompletionToolChoiceOption? ToolChoice { get; set; }

    /// <summary>Set by the tool-choice handlers: <c>false</c> when parallel tool use is disabled (C19).</summary>
    public bool? ParallelToolCalls { get; set; }

    /// <summary>Set by the thinking handlers: thinking is enabled or adaptive.</summary>
    public bool ThinkingRequested { get; set; }

    /// <summary>Set by the thinking handlers: thinking is explicitly disabled.</summary>
    public bool ThinkingDisabled { get; set; }

    /// <summary>Set by the thinking handlers: the <c>budget_tokens</c> of enabled thinking.</summary>
    public long? ThinkingBudget { get; set; }

    /// <summary>Where the block being read sits, for error messages: <c>messages[2].content[1]</c>.</summary>
    public string BlockPath => InnerIndex < 0
        ? string.Create(CultureInfo.InvariantCulture, $"messages[{MessageIndex}].content[{BlockIndex}]")
        : string.Create(CultureInfo.InvariantCulture, $"messages[{MessageIndex}].content[{BlockIndex}].content[{InnerIndex}]");

    /// <summary>Starts the work of one translation.</summary>
    /// <param name="context">The request context.</param>
    /// <returns>The work.</returns>
    public static RequestWork Begin(RequestContext context)
    {
        // Carried by the context itself so the generated handler signatures stay (value, context): no
        // global table, no lock shared by concurrent translations (it cost ~0.2 µs and serialized them).
        var work = new RequestWork(context);
        context.Work = work;
        return work;
    }

    /// <summary>The work of the translation running with <paramref name="context"/>.</summary>
    /// <param name="context">The request context.</param>
    /// <returns>The work.</returns>
    public static RequestWork Of(RequestContext context) =>
        context.Work ?? throw new InvalidOperationException("No request translation is running with this context.");

    /// <summary>Ends the work of one translation.</summary>
    /// <param name="context">The request context.</param>
    public static void End(RequestContext context) => context.Work = null;

    /// <summary>Clears the per-turn collections and sets the role of the next message.</summary>
    /// <param name="role">The role.</param>
    public void BeginTurn(TurnRole role)
    {
        Role = role;
        BlockIndex = 0;
        InnerIndex = -1;
        UserParts.Clear();
        TurnToolMessages.Clear();
        MovedMedia.Clear();
        SystemTexts.Clear();
        AssistantTexts.Clear();
        ToolCalls.Clear();
        ReasoningTexts.Clear();
    }
}
