namespace Protocols.Translation;

/// <summary>
/// What the request translation learned that the response or stream translation needs: the model the
/// client asked for, tool names shortened on the way out, stop sequences to enforce, the input estimate.
/// Created by <see cref="RequestContext"/>; read by <see cref="ResponseContext"/> and <see cref="StreamTranslator"/>.
/// </summary>
public sealed class ExchangeState
{
    /// <summary>The model the client asked for (echoed in responses when configured, C40).</summary>
    public string RequestedModel { get; set; } = string.Empty;

    /// <summary>The model sent upstream.</summary>
    public string TargetModel { get; set; } = string.Empty;

    /// <summary>Shortened tool name → original tool name (C13).</summary>
    public Dictionary<string, string> ToolNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Every stop sequence the client asked for (C37, C50).</summary>
    public List<string> StopSequences { get; } = [];

    /// <summary>Stop sequences the backend was not given and that must be enforced on the output (C37).</summary>
    public List<string> EnforcedStopSequences { get; } = [];

    /// <summary>The estimated input tokens, reported in <c>message_start</c> before the backend says (C53).</summary>
    public long EstimatedInputTokens { get; set; }

    /// <summary>Whether the client asked for thinking.</summary>
    public bool ThinkingRequested { get; set; }

    /// <summary>Whether the client asked for a stream.</summary>
    public bool Stream { get; set; }

    /// <summary>The original name of a tool the backend called, restoring shortened names.</summary>
    /// <param name="name">The name the backend used.</param>
    /// <returns>The client's name for the tool.</returns>
    public string OriginalToolName(string name) => ToolNames.TryGetValue(name, out var original) ? original : name;
}

/// <summary>Per-request state for <see cref="RequestTranslator.Translate"/>.</summary>
/// <param name="options">The translation options.</param>
public sealed class RequestContext(TranslationOptions options)
{
    /// <summary>The options.</summary>
    public TranslationOptions Options { get; } = options;

    /// <summary>What was dropped or altered.</summary>
    public ConversionReport Report { get; } = new();

    /// <summary>What the response side needs to know.</summary>
    public ExchangeState State { get; } = new();

    /// <summary>The per-call working state while <see cref="RequestTranslator.Translate"/> runs.</summary>
    internal RequestWork? Work { get; set; }

    /// <summary>The cached translation of this request's tools (<see cref="RequestTranslator.TranslateBody"/> on a cache hit).</summary>
    internal CachedTools? CachedTools { get; set; }

    /// <summary>When not null, the notes the tools produce are copied here too (a cache miss, to fill the cache).</summary>
    internal List<ConversionNote>? CapturedTools { get; set; }

    /// <summary>The cached translation of this request's system prompt (<see cref="RequestTranslator.TranslateBody"/> on a cache hit).</summary>
    internal CachedSystem? CachedSystem { get; set; }

    /// <summary>When not null, what the system prompt's translation produces is recorded here (a cache miss).</summary>
    internal SystemCapture? CapturedSystem { get; set; }

    /// <summary>This request's messages the cache had read, by index (null where read this time), or null.</summary>
    internal CachedMessage?[]? KnownMessages { get; set; }
}

/// <summary>Per-response state for <see cref="ResponseTranslator.Translate"/>.</summary>
/// <param name="options">The translation options.</param>
/// <param name="state">What the request translation learned.</param>
/// <param name="report">Where to record lossy steps (the request's report, so one header covers both ways).</param>
public sealed partial class ResponseContext(TranslationOptions options, ExchangeState state, ConversionReport report)
{
    /// <summary>The options.</summary>
    public TranslationOptions Options { get; } = options;

    /// <summary>What the request translation learned.</summary>
    public ExchangeState State { get; } = state;

    /// <summary>What was dropped or altered.</summary>
    public ConversionReport Report { get; } = report;
}

/// <summary>Context for error translation: the upstream status and the request id to report.</summary>
public sealed class ErrorContext
{
    /// <summary>The upstream HTTP status (0 when there was none, e.g. a transport failure).</summary>
    public int UpstreamStatus { get; set; }

    /// <summary>The request id to put in the Anthropic error body.</summary>
    public string? RequestId { get; set; }

    /// <summary>Set by the translation: the HTTP status to return.</summary>
    public int Status { get; set; }
}
