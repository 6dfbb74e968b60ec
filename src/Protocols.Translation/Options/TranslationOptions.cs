namespace Protocols.Translation;

/// <summary>
/// How requests are translated. Bindable from configuration (section <c>Translation</c> in the proxy):
/// every member has a default that suits a plain OpenAI-compatible backend.
/// </summary>
public sealed class TranslationOptions
{
    /// <summary>Ordered model-map rules; the first that matches the requested model picks the target model.</summary>
    /// <value>Empty: the requested model is sent unchanged (unless a reasoning/completion model is set).</value>
    public List<ModelMapRule> ModelMap { get; set; } = [];

    /// <summary>The model for requests that ask for thinking (anthropic-proxy-rs' <c>REASONING_MODEL</c>).</summary>
    /// <value>Null: no routing by thinking.</value>
    public string? ReasoningModel { get; set; }

    /// <summary>The model for requests without thinking (anthropic-proxy-rs' <c>COMPLETION_MODEL</c>).</summary>
    /// <value>Null: no routing.</value>
    public string? CompletionModel { get; set; }

    /// <summary>What the target backend accepts.</summary>
    public TargetProfile Profile { get; set; } = new();

    /// <summary>Whether responses report the model the client asked for (C40) rather than the upstream model.</summary>
    /// <value>True.</value>
    public bool EchoRequestedModel { get; set; } = true;

    /// <summary>Whether stop sequences beyond the target's limit are enforced on the output (C37).</summary>
    /// <value>True.</value>
    public bool EnforceStopSequences { get; set; } = true;

    /// <summary>Whether tool names longer than <see cref="TargetProfile.MaxToolNameLength"/> are shortened (C13).</summary>
    /// <value>True.</value>
    public bool ShortenToolNames { get; set; } = true;

    /// <summary>Whether server tools (web search, code execution …) are dropped instead of failing with 400 (C14).</summary>
    /// <value>False: a request with server tools is refused, naming the tool type.</value>
    public bool DropServerTools { get; set; }

    /// <summary>Whether documents the target cannot carry (URL PDFs) are dropped instead of failing with 400 (C10).</summary>
    /// <value>False.</value>
    public bool DropUnsupportedDocuments { get; set; }

    /// <summary>Silence from upstream after which a <c>ping</c> event is sent while streaming (C54).</summary>
    /// <value>10 seconds.</value>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The model a request is sent to: model map first, then reasoning/completion routing.</summary>
    /// <param name="requestedModel">The model the client asked for.</param>
    /// <param name="wantsThinking">Whether the request enables thinking.</param>
    /// <returns>The upstream model.</returns>
    public string ResolveModel(string requestedModel, bool wantsThinking)
    {
        if (wantsThinking && !string.IsNullOrEmpty(ReasoningModel))
        {
            return ReasoningModel;
        }

        if (!wantsThinking && !string.IsNullOrEmpty(CompletionModel))
        {
            return CompletionModel;
        }

        foreach (var rule in ModelMap)
        {
            if (rule.Matches(requestedModel))
            {
                return rule.Target;
            }
        }

        return requestedModel;
    }
}

/// <summary>One model-map rule: <c>claude-3-5-haiku*</c> → <c>gpt-4o-mini</c>.</summary>
public sealed class ModelMapRule
{
    /// <summary>The pattern: an exact model id, a prefix ending in <c>*</c>, or a glob with <c>*</c> and <c>?</c>.</summary>
    public string Match { get; set; } = string.Empty;

    /// <summary>The upstream model to use.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>Whether <paramref name="model"/> matches <see cref="Match"/> (case-insensitive).</summary>
    /// <param name="model">The requested model.</param>
    /// <returns>True on a match.</returns>
    public bool Matches(string model) => Glob.IsMatch(model, Match);
}

/// <summary>What a target backend accepts (the OpenAI families differ, and so do DeepSeek, vLLM, Ollama …).</summary>
public sealed class TargetProfile
{
    /// <summary>Glob patterns of reasoning-capable models (receive <c>reasoning_effort</c>, C33).</summary>
    /// <value><c>o1*</c>, <c>o3*</c>, <c>o4*</c>, <c>gpt-5*</c>, <c>deepseek-reasoner*</c>.</value>
    public List<string> ReasoningModels { get; set; } = ["o1*", "o3*", "o4*", "gpt-5*", "deepseek-reasoner*"];

    /// <summary>Glob patterns of models that need <c>max_completion_tokens</c> instead of <c>max_tokens</c> (C34).</summary>
    /// <value><c>o1*</c>, <c>o3*</c>, <c>o4*</c>, <c>gpt-5*</c>.</value>
    public List<string> MaxCompletionTokensModels { get; set; } = ["o1*", "o3*", "o4*", "gpt-5*"];

    /// <summary>Glob patterns of models that accept only default sampling (no temperature/top_p, C35).</summary>
    /// <value><c>o1*</c>, <c>o3*</c>, <c>o4*</c>, <c>gpt-5*</c>.</value>
    public List<string> DefaultSamplingOnlyModels { get; set; } = ["o1*", "o3*", "o4*", "gpt-5*"];

    /// <summary>Glob patterns of models that take <c>developer</c> instead of <c>system</c> messages (C04).</summary>
    /// <value><c>o1*</c>, <c>o3*</c>, <c>o4*</c>, <c>gpt-5*</c>.</value>
    public List<string> DeveloperRoleModels { get; set; } = ["o1*", "o3*", "o4*", "gpt-5*"];

    /// <summary>Whether the backend accepts <c>top_k</c> (vLLM, llama.cpp do; OpenAI does not, C36).</summary>
    /// <value>False.</value>
    public bool AcceptsTopK { get; set; }

    /// <summary>Whether thinking in history goes back upstream as <c>reasoning_content</c> (DeepSeek-style, C23).</summary>
    /// <value>False.</value>
    public bool SendReasoningContent { get; set; }

    /// <summary>Output-token limits by model glob (first match wins), e.g. <c>gpt-4o*</c> → 16384; <c>max_tokens</c> above the limit is clamped and reported.</summary>
    /// <value>Empty: <see cref="MaxOutputTokens"/> applies.</value>
    public Dictionary<string, long> MaxOutputTokensByModel { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The output-token limit for models <see cref="MaxOutputTokensByModel"/> does not match.</summary>
    /// <value>Null: no clamping.</value>
    public long? MaxOutputTokens { get; set; }

    /// <summary>The most stop sequences the backend accepts (C37).</summary>
    /// <value>4.</value>
    public int MaxStopSequences { get; set; } = 4;

    /// <summary>The longest tool name the backend accepts (C13).</summary>
    /// <value>64.</value>
    public int MaxToolNameLength { get; set; } = 64;

    /// <summary><c>budget_tokens</c> below this is <c>low</c> effort (C33).</summary>
    /// <value>4096.</value>
    public int LowEffortBelow { get; set; } = 4096;

    /// <summary><c>budget_tokens</c> below this (and not low) is <c>medium</c>; at or above, <c>high</c> (C33).</summary>
    /// <value>16384.</value>
    public int MediumEffortBelow { get; set; } = 16384;

    /// <summary>The output-token limit for <paramref name="model"/>, if any.</summary>
    /// <param name="model">The upstream model.</param>
    /// <returns>The limit, or null.</returns>
    public long? MaxOutputTokensFor(string model)
    {
        foreach (var (pattern, limit) in MaxOutputTokensByModel)
        {
            if (Glob.IsMatch(model, pattern))
            {
                return limit;
            }
        }

        return MaxOutputTokens;
    }

    /// <summary>Whether <paramref name="model"/> is reasoning-capable.</summary>
    /// <param name="model">The upstream model.</param>
    /// <returns>True when it matches <see cref="ReasoningModels"/>.</returns>
    public bool IsReasoning(string model) => Glob.IsAnyMatch(model, ReasoningModels);

    /// <summary>Whether <paramref name="model"/> needs <c>max_completion_tokens</c>.</summary>
    /// <param name="model">The upstream model.</param>
    /// <returns>True when it matches <see cref="MaxCompletionTokensModels"/>.</returns>
    public bool NeedsMaxCompletionTokens(string model) => Glob.IsAnyMatch(model, MaxCompletionTokensModels);

    /// <summary>Whether <paramref name="model"/> accepts only default sampling.</summary>
    /// <param name="model">The upstream model.</param>
    /// <returns>True when it matches <see cref="DefaultSamplingOnlyModels"/>.</returns>
    public bool AcceptsOnlyDefaultSampling(string model) => Glob.IsAnyMatch(model, DefaultSamplingOnlyModels);

    /// <summary>Whether <paramref name="model"/> takes developer messages.</summary>
    /// <param name="model">The upstream model.</param>
    /// <returns>True when it matches <see cref="DeveloperRoleModels"/>.</returns>
    public bool UsesDeveloperRole(string model) => Glob.IsAnyMatch(model, DeveloperRoleModels);
}
