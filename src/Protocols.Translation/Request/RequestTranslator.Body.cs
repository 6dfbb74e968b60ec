using System.Buffers;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Reading and translating a request body in one call, with the translation cache (TranslationCache).
public static partial class RequestTranslator
{
    private static readonly byte[] MessagesName = "messages"u8.ToArray();

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
        var messageElements = cache is null ? null : new TopLevelMember.ArrayElements(MessagesName, cache.MessageAt);
        if (cache is null || !ReferenceEquals(cache.Options, context.Options) || !TopLevelMember.TryScan(body, members, cache.Known, messageElements))
        {
            return new TranslatedRequest(Translate(AnthropicRequestReader.Parse(body), context), null);
        }

        // Recent entries were recognised by the scan itself (their bytes not scanned); others are looked up.
        int toolsAt = TopLevelMember.IndexOf(body, members, "tools"u8) ?? -1;
        int systemAt = TopLevelMember.IndexOf(body, members, "system"u8) ?? -1;
        var tools = toolsAt < 0 ? null
            : members[toolsAt].Known is CachedTools knownTools ? cache.Reuse(knownTools)
            : cache.TryGet(Value(body, members[toolsAt]), out var foundTools) ? foundTools : null;
        var system = systemAt < 0 ? null
            : members[systemAt].Known is CachedSystem knownSystem ? cache.Reuse(knownSystem)
            : cache.TryGetSystem(Value(body, members[systemAt]), out var foundSystem) ? foundSystem : null;

        // Messages read before (each turn resends all earlier ones) are not read again.
        int messagesAt = TopLevelMember.IndexOf(body, members, "messages"u8) ?? -1;
        var messages = messagesAt < 0 ? null : KnownMessages(body, messageElements!);

        // What is cached is cut out of the body: neither read nor translated again.
        int skipTools = tools is null ? -1 : toolsAt;
        int skipSystem = system is null ? -1 : systemAt;
        var request = (messages is null ? null : ParseWithKnownMessages(body, members, skipTools, skipSystem, messagesAt, messages, cache))
            ?? (tools is null && system is null ? AnthropicRequestReader.Parse(body) : ParseWithout(body, members, skipTools, skipSystem));

        context.CachedTools = tools;
        context.CachedSystem = system;
        context.KnownMessages = messages?.Known; // Used only where the request holds the very message (TokenEstimator).
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

            RememberMessages(body, request, messages, cache);
            return new TranslatedRequest(result, tools?.Json);
        }
        finally
        {
            context.CachedTools = null;
            context.CachedSystem = null;
            context.CapturedTools = null;
            context.CapturedSystem = null;
            context.KnownMessages = null;
        }
    }

    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> body, TopLevelMember.Member member) => body[member.ValueStart..member.ValueEnd];

    private static Anthropic.CreateMessageParams ParseWithout(
        ReadOnlySpan<byte> body, List<TopLevelMember.Member> members, int skipA, int skipB,
        int arrayAt = -1, List<Range>? elements = null, ReadOnlySpan<bool> keep = default)
    {
        var rest = ArrayPool<byte>.Shared.Rent(body.Length + 2);
        try
        {
            int length = TopLevelMember.Without(body, members, skipA, skipB, rest, arrayAt, elements, keep);
            return AnthropicRequestReader.Parse(rest.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rest);
        }
    }

    /// <summary>
    /// The messages array's elements, as the body scan listed them, with those the cache has already read (null:
    /// nothing to gain).
    /// </summary>
    private static KnownMessageList? KnownMessages(ReadOnlySpan<byte> body, TopLevelMember.ArrayElements scanned)
    {
        var elements = scanned.Elements;
        if (scanned.Members != 1 || elements.Count == 0)
        {
            return null;
        }

        var known = new CachedMessage?[elements.Count];
        int hits = 0;
        bool worthCaching = false;
        for (int i = 0; i < elements.Count; i++)
        {
            if (scanned.Recognised[i] is CachedMessage message)
            {
                known[i] = message;
                hits++;
                worthCaching = true;
            }
            else if (body[elements[i]].Length >= TranslationCache.MinCachedMessage)
            {
                worthCaching = true;
            }
        }

        // At least one message is always read: the request is read with the messages not known, and must have one.
        if (hits == elements.Count)
        {
            known[^1] = null;
            hits--;
        }

        return worthCaching ? new KnownMessageList(elements, known, hits) : null;
    }

    /// <summary>
    /// Reads the body with only the messages not known, then puts the known ones back in their places. Null when that
    /// read fails: the caller then reads the body as usual, so an error names the same field it always would.
    /// </summary>
    private static Anthropic.CreateMessageParams? ParseWithKnownMessages(
        ReadOnlySpan<byte> body, List<TopLevelMember.Member> members, int skipA, int skipB, int messagesAt, KnownMessageList messages, TranslationCache cache)
    {
        if (messages.Hits == 0)
        {
            return null;
        }

        Span<bool> read = messages.Known.Length <= 256 ? stackalloc bool[messages.Known.Length] : new bool[messages.Known.Length];
        for (int i = 0; i < read.Length; i++)
        {
            read[i] = messages.Known[i] is null;
        }

        Anthropic.CreateMessageParams request;
        try
        {
            request = ParseWithout(body, members, skipA, skipB, messagesAt, messages.Elements, read);
        }
        catch (TranslationException)
        {
            return null;
        }

        var parsed = request.Messages;
        if (parsed.Count != messages.Known.Length - messages.Hits)
        {
            return null;
        }

        var all = new List<Anthropic.InputMessage>(messages.Known.Length);
        int next = 0;
        foreach (var known in messages.Known)
        {
            all.Add(known?.Parsed ?? parsed[next++]);
        }

        request.Messages = all;
        cache.MessagesReused(messages.Hits);
        return request;
    }

    /// <summary>After a successful translation, keeps the messages read this time (of the cacheable size) for the next request.</summary>
    private static void RememberMessages(ReadOnlySpan<byte> body, Anthropic.CreateMessageParams request, KnownMessageList? messages, TranslationCache cache)
    {
        if (messages is null || request.Messages.Count != messages.Elements.Count)
        {
            return;
        }

        for (int i = 0; i < messages.Elements.Count; i++)
        {
            var element = body[messages.Elements[i]];
            if (messages.Known[i] is null && element.Length >= TranslationCache.MinCachedMessage)
            {
                cache.AddMessage(element, request.Messages[i]);
            }
        }
    }

    /// <summary>The elements of a request's <c>messages</c> and those already read (null where not).</summary>
    private sealed record KnownMessageList(List<Range> Elements, CachedMessage?[] Known, int Hits);

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
