using System.Buffers;
using Protocols.OpenAI;

namespace Protocols.Translation;

// Reading and translating a request body in one call, with the tools cache (ToolTranslationCache).
public static partial class RequestTranslator
{
    /// <summary>
    /// Reads a <c>POST /v1/messages</c> body and translates it (<see cref="AnthropicRequestReader.Parse"/> then
    /// <see cref="Translate"/>), taking the translation of the <c>tools</c> from <paramref name="cache"/> when the same
    /// tools were translated before: the result, the report, the state and any error are the same as without the cache.
    /// </summary>
    /// <param name="body">The UTF-8 JSON body.</param>
    /// <param name="context">Options in; the conversion report and the state the response side needs out.</param>
    /// <param name="cache">The tools cache, or null. Used only when <paramref name="context"/> has the cache's options.</param>
    /// <returns>The translated request; write it with <see cref="TranslatedRequest.WriteJson"/>.</returns>
    /// <exception cref="TranslationException">A 400 naming the field, as <see cref="AnthropicRequestReader.Parse"/> and <see cref="Translate"/> throw.</exception>
    public static TranslatedRequest TranslateBody(ReadOnlySpan<byte> body, RequestContext context, ToolTranslationCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (cache is null || !ReferenceEquals(cache.Options, context.Options) || !TopLevelMember.TryFind(body, "tools"u8, out var tools))
        {
            return new TranslatedRequest(Translate(AnthropicRequestReader.Parse(body), context), null);
        }

        var toolsJson = body[tools.ValueStart..tools.ValueEnd];
        if (cache.TryGet(toolsJson, out var cached))
        {
            // The body without its tools: they are neither read nor translated again.
            int length = body.Length - (tools.CutEnd - tools.CutStart);
            var rest = ArrayPool<byte>.Shared.Rent(length);
            Anthropic.CreateMessageParams request;
            try
            {
                body[..tools.CutStart].CopyTo(rest);
                body[tools.CutEnd..].CopyTo(rest.AsSpan(tools.CutStart));
                request = AnthropicRequestReader.Parse(rest.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rest);
            }

            context.CachedTools = cached;
            try
            {
                return new TranslatedRequest(Translate(request, context), cached.Json);
            }
            finally
            {
                context.CachedTools = null;
            }
        }

        var full = AnthropicRequestReader.Parse(body);
        context.CapturedTools = [];
        try
        {
            var result = Translate(full, context);
            if (context.CapturedTools is { } captured && full.Tools is { } sourceTools)
            {
                var translated = result.Tools?.ToArray() ?? [];
                cache.Add(new CachedTools(
                    toolsJson.ToArray(),
                    translated,
                    CachedTools.Serialize(translated),
                    [.. captured],
                    ToolNamesOf(translated, context.State),
                    sourceTools.Count,
                    TokenEstimator.EstimateToolDefinitions(sourceTools)));
            }

            return new TranslatedRequest(result, null);
        }
        finally
        {
            context.CapturedTools = null;
        }
    }

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
