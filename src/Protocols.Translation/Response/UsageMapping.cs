using System.Text.Json;
using Protocols.Anthropic;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>C51: OpenAI usage → Anthropic usage (prompt tokens split into uncached input and cache reads).</summary>
internal static class UsageMapping
{
    /// <summary>Token counts in Anthropic terms.</summary>
    /// <param name="Input">Uncached input tokens (prompt − cached).</param>
    /// <param name="CacheRead">Input tokens read from the cache.</param>
    /// <param name="Output">Output tokens.</param>
    public readonly record struct Tokens(long Input, long CacheRead, long Output);

    /// <summary>Maps the upstream usage; without one, the request estimate and an output estimate stand in.</summary>
    /// <param name="usage">The upstream usage, if reported.</param>
    /// <param name="estimatedInput">The request-side input estimate.</param>
    /// <param name="outputChars">Characters generated (for the output estimate when usage is missing).</param>
    /// <returns>The counts.</returns>
    public static Tokens From(CompletionUsage? usage, long estimatedInput, long outputChars)
    {
        if (usage is null)
        {
            return new Tokens(Math.Max(0, estimatedInput), 0, EstimateTokens(outputChars));
        }

        long prompt = Math.Max(0, usage.PromptTokens);
        long cached = usage.PromptTokensDetails?.CachedTokens ?? DeepSeekCacheHits(usage) ?? 0;
        cached = Math.Clamp(cached, 0, prompt);
        return new Tokens(prompt - cached, cached, Math.Max(0, usage.CompletionTokens));
    }

    /// <summary>The Anthropic usage object for a message.</summary>
    /// <param name="tokens">The counts.</param>
    /// <returns>The usage, every required member set.</returns>
    public static Usage ToUsage(Tokens tokens) => new()
    {
        InputTokens = tokens.Input,
        OutputTokens = tokens.Output,
        CacheReadInputTokens = tokens.CacheRead,

        // OpenAI-compatible backends cache implicitly: nothing is ever written to a cache on request.
        CacheCreationInputTokens = 0,
        CacheCreation = null,
        InferenceGeo = null,
        ServerToolUse = null,
        ServiceTier = null,
    };

    /// <summary>The usage of a <c>message_delta</c> event (cumulative, C65).</summary>
    /// <param name="tokens">The counts.</param>
    /// <returns>The usage.</returns>
    public static MessageDeltaUsage ToDeltaUsage(Tokens tokens) => new()
    {
        InputTokens = tokens.Input,
        OutputTokens = tokens.Output,
        CacheReadInputTokens = tokens.CacheRead,
        CacheCreationInputTokens = 0,
        ServerToolUse = null,
    };

    /// <summary>A rough token estimate (4 characters a token) for backends that report no usage.</summary>
    /// <param name="chars">Characters.</param>
    /// <returns>Tokens.</returns>
    public static long EstimateTokens(long chars) => chars <= 0 ? 0 : (chars + 3) / 4;

    // CUSTOM: DeepSeek reports cache hits as usage.prompt_cache_hit_tokens instead of prompt_tokens_details.cached_tokens.
    private static long? DeepSeekCacheHits(CompletionUsage usage) =>
        usage.AdditionalProperties is { } extra
        && extra.TryGetValue("prompt_cache_hit_tokens", out var hits)
        && hits.ValueKind == JsonValueKind.Number
        && hits.TryGetInt64(out var value)
            ? value
            : null;
}
