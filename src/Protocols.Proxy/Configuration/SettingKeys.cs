namespace Protocols.Proxy.Configuration;

/// <summary>
/// The names of the proxy's settings. They are the environment variable names (the anthropic-proxy-rs
/// ones work unchanged), and the same names are used as top-level keys in <c>appsettings.json</c> and
/// in <c>.env</c> files. Translation options live in the <c>Translation</c> section; the flat names in
/// <see cref="TranslationAliases"/> are shortcuts into it.
/// </summary>
internal static class SettingKeys
{
    public const string Host = "HOST";
    public const string Port = "PORT";
    public const string UpstreamBaseUrl = "UPSTREAM_BASE_URL";
    public const string UpstreamApiKey = "UPSTREAM_API_KEY";
    public const string UpstreamAuth = "UPSTREAM_AUTH";
    public const string UpstreamAuthHeader = "UPSTREAM_AUTH_HEADER";
    public const string Backend = "BACKEND";
    public const string Debug = "DEBUG";
    public const string Verbose = "VERBOSE";
    public const string ApiKeys = "PROXY_API_KEYS";
    public const string ApiKeyHashes = "PROXY_API_KEY_SHA256";
    public const string AllowUnauthenticated = "ALLOW_UNAUTHENTICATED";
    public const string MaxBodySize = "MAX_BODY_SIZE";
    public const string MaxConcurrentRequests = "MAX_CONCURRENT_REQUESTS";
    public const string ConnectTimeout = "UPSTREAM_CONNECT_TIMEOUT";
    public const string FirstByteTimeout = "UPSTREAM_FIRST_BYTE_TIMEOUT";
    public const string IdleTimeout = "UPSTREAM_IDLE_TIMEOUT";
    public const string MaxConnections = "UPSTREAM_MAX_CONNECTIONS";
    public const string ModelAliases = "MODEL_ALIASES";
    public const string ModelMap = "MODEL_MAP";
    public const string TranslationCacheSize = "TRANSLATION_CACHE_SIZE";

    /// <summary>The configuration section bound to <see cref="Protocols.Translation.TranslationOptions"/>.</summary>
    public const string TranslationSection = "Translation";

    /// <summary>Flat names (environment style) for translation options → their key in the section.</summary>
    public static readonly IReadOnlyDictionary<string, string> TranslationAliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["REASONING_MODEL"] = "Translation:ReasoningModel",
        ["COMPLETION_MODEL"] = "Translation:CompletionModel",
        ["ECHO_REQUESTED_MODEL"] = "Translation:EchoRequestedModel",
        ["ENFORCE_STOP_SEQUENCES"] = "Translation:EnforceStopSequences",
        ["SHORTEN_TOOL_NAMES"] = "Translation:ShortenToolNames",
        ["DROP_SERVER_TOOLS"] = "Translation:DropServerTools",
        ["DROP_UNSUPPORTED_DOCUMENTS"] = "Translation:DropUnsupportedDocuments",
        ["PING_INTERVAL"] = "Translation:PingInterval",
        ["ACCEPTS_TOP_K"] = "Translation:Profile:AcceptsTopK",
        ["SEND_REASONING_CONTENT"] = "Translation:Profile:SendReasoningContent",
        ["MAX_STOP_SEQUENCES"] = "Translation:Profile:MaxStopSequences",
        ["MAX_TOOL_NAME_LENGTH"] = "Translation:Profile:MaxToolNameLength",
        ["LOW_EFFORT_BELOW"] = "Translation:Profile:LowEffortBelow",
        ["MEDIUM_EFFORT_BELOW"] = "Translation:Profile:MediumEffortBelow",
        ["REASONING_MODELS"] = "Translation:Profile:ReasoningModels",
        ["MAX_COMPLETION_TOKENS_MODELS"] = "Translation:Profile:MaxCompletionTokensModels",
        ["DEFAULT_SAMPLING_ONLY_MODELS"] = "Translation:Profile:DefaultSamplingOnlyModels",
        ["DEVELOPER_ROLE_MODELS"] = "Translation:Profile:DeveloperRoleModels",
    };
}
