using System.Buffers;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Reading and translating a request body in one call, with the translation cache (TranslationCache).
public static partial class RequestTranslator
{
    /// <summary>
    /// Reads a <c>POST /v1/messages</c> body and translates it (<see cref="AnthropicRequestReader.Parse"/> then
    /// <see cref="Translate"/>), taking the translation of the <c>tools</c> and of the <c>system</c> prompt from
    /// <paramref name="cache"/> when the same bytes were translated before: the result, the report, the state and any
    /// error are the same as without the cache.
    /// </summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <param name="context">Options in; the conversion report and the state the response side needs out.</param>
    /// <param name="cache">The cache, or null. Used only when <paramref name="context"/> has the cache's options.</param>
    /// <returns>The translated request; write it with <see cref="TranslatedRequest.WriteJson"/>.</returns>
    /// <exception cref="TranslationException">A 400 naming the field, as <see cref="AnthropicRequestReader.Parse"/> and <see cref="Translate"/> throw.</exception>
    public static TranslatedRequest TranslateBody(ReadOnlySpan<byte> body, RequestContext context, TranslationCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var members = new List<TopLevelMember.Member>();
        if (cache is null || !ReferenceEquals(cache.Options, context.Options) || !TopLevelMember.TryScan(body, members, cache.Known))
        {
            return new TranslatedRequest(Translate(AnthropicRequestReader.Parse(body), context), null);
        }

        // Recent entries were recognised by the scan itself (their bytes not scanned); others are looked up.
        int toolsAt = TopLevelMember.IndexOf(body, members, "tools"u8) ?? -1;
        int systemAt = TopLevelMember.IndexOf(body, members, "system"u8) ?? -1;
        CachedTools? tools = null;
        CachedSystem? system = null;
        if (toolsAt >= 0 && (tools = members[toolsAt].Known as CachedTools) is null && !cache.TryGet(Value(body, members[toolsAt]), out tools))
        {
            tools = null;
        }

        if (systemAt >= 0 && (system = members[systemAt].Known as CachedSystem) is null && !cache.TryGetSystem(Value(body, members[systemAt]), out system))
        {
            system = null;
        }

        // What is cached is cut out of the body: neither read nor translated again.
        Anthropic.CreateMessageParams request;
        if (tools is null && system is null)
        {
            request = AnthropicRequestReader.Parse(body);
        }
        else
        {
            var rest = ArrayPool<byte>.Shared.Rent(body.Length + 2);
            try
            {
                int length = TopLevelMember.Without(body, members, tools is null ? -1 : toolsAt, system is null ? -1 : systemAt, rest);
                request = AnthropicRequestReader.Parse(rest.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rest);
            }
        }

        context.CachedTools = tools;
        context.CachedSystem = system;
        context.CapturedTools = tools is null && toolsAt >= 0 ? [] : null;
        context.CapturedSystem = system is null && systemAt >= 0 && !AnthropicRequestReader.HasSkippedSystemBlocks(request) ? new SystemCapture() : null;
        try
        {
            var result = Translate(request, context);
            if (context.CapturedTools is { } capturedTools && request.Tools is { } sourceTools)
            {
                var translated = result.Tools?.ToArray() ?? [];
                cache.Add(new CachedTools(
                    Value(body, members[toolsAt]).ToArray(),
                    translated,
                    CachedTools.Serialize(translated),
                    [.. capturedTools],
                    ToolNamesOf(translated, context.State),
                    sourceTools.Count,
                    TokenEstimator.EstimateToolDefinitions(sourceTools)));
            }

            if (context.CapturedSystem is { Done: true } capturedSystem && request.System is { } sourceSystem)
            {
                cache.AddSystem(new CachedSystem(
                    Value(body, members[systemAt]).ToArray(),
                    capturedSystem.Text,
                    [.. capturedSystem.Notes],
                    TokenEstimator.EstimateSystemPrompt(sourceSystem)));
            }

            return new TranslatedRequest(result, tools?.Json);
        }
        finally
        {
            context.CachedTools = null;
            context.CachedSystem = null;
            context.CapturedTools = null;
            context.CapturedSystem = null;
        }
    }

    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> body, TopLevelMember.Member member) => body[member.ValueStart..member.ValueEnd];

    private static KeyValuePair<string, string>[] ToolNamesOf(ICreateChatCompletionRequestToolsItem[] tools, ExchangeState state)
    {
        List<KeyValuePair<string, string>>? names = null;
        foreach (var tool in tools)
        {
            if (tool is ChatCompletionTool f && state.ToolNames.TryGetValue(f.Function.Name, out var original))
            {
                (names ??= []).Add(new(f.Function.Name, original));
            }
        }

        return names is null ? [] : [.. names];
    }
}

/// <summary>What translating a system prompt produced, for <see cref="TranslationCache"/> (a cache miss).</summary>
internal sealed class SystemCapture
{
    /// <summary>The notes the system blocks produced.</summary>
    public List<ConversionNote> Notes { get; } = [];

    /// <summary>The text sent upstream, or null for none.</summary>
    public string? Text { get; set; }

    /// <summary>Whether the system prompt was translated (set last).</summary>
    public bool Done { get; set; }
}
