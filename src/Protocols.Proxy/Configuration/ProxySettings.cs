using System.Net;
using System.Security.Cryptography;
using System.Text;
using Protocols.Client;
using Protocols.Translation;

namespace Protocols.Proxy.Configuration;

/// <summary>Which protocol the upstream speaks.</summary>
internal enum BackendKind
{
    /// <summary>OpenAI Chat Completions: requests and responses are translated.</summary>
    OpenAI,

    /// <summary>The Anthropic API itself: requests are forwarded byte for byte.</summary>
    Anthropic,
}

/// <summary>How the proxy authenticates to the upstream.</summary>
internal enum UpstreamAuthMode
{
    /// <summary><c>Authorization: Bearer KEY</c>.</summary>
    Bearer,

    /// <summary>A custom header (<c>api-key</c> for Azure OpenAI).</summary>
    Header,

    /// <summary>No credentials.</summary>
    None,
}

/// <summary>
/// The validated settings. Every value has a default; <see cref="Load"/> turns each invalid value into
/// one <see cref="ProxyConfigurationException"/> line naming the setting and where it came from.
/// </summary>
internal sealed class ProxySettings
{
    /// <summary>The default port (anthropic-proxy-rs' default).</summary>
    public const int DefaultPort = 3000;

    /// <summary>The default of <see cref="TranslationCacheBytes"/>: 8 MB.</summary>
    public const long DefaultTranslationCacheBytes = 8L * 1024 * 1024;

    /// <summary>The largest <see cref="MaxBodySize"/> accepted: 1 GB (a request body is held in memory, in one array).</summary>
    public const long MaxBodySizeLimit = 1024L * 1024 * 1024;

    /// <summary>The address to bind, as written (<c>127.0.0.1</c>, <c>::1</c>, <c>0.0.0.0</c>, <c>localhost</c>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The parsed address; null for <c>localhost</c> (both loopback addresses).</summary>
    public IPAddress? BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The upstream protocol.</summary>
    public BackendKind Backend { get; init; }

    /// <summary>The upstream; null means the built-in demo upstream.</summary>
    public UpstreamEndpoint? Upstream { get; init; }

    /// <summary>Whether the built-in demo upstream answers.</summary>
    public bool IsDemo => Upstream is null;

    /// <summary>The upstream credential.</summary>
    public string? UpstreamApiKey { get; init; }

    /// <summary>How the credential is sent.</summary>
    public UpstreamAuthMode AuthMode { get; init; } = UpstreamAuthMode.Bearer;

    /// <summary>The header for <see cref="UpstreamAuthMode.Header"/>.</summary>
    public string AuthHeaderName { get; init; } = "api-key";

    /// <summary>Log each request's details at Debug level.</summary>
    public bool Debug { get; init; }

    /// <summary>Log request and response bodies (redacted) at Trace level.</summary>
    public bool Verbose { get; init; }

    /// <summary>SHA-256 hashes of the accepted client keys; empty means no client authentication.</summary>
    public IReadOnlyList<byte[]> ClientKeyHashes { get; init; } = [];

    /// <summary>Whether binding a non-loopback address without client keys is allowed.</summary>
    public bool AllowUnauthenticated { get; init; }

    /// <summary>The largest request body accepted.</summary>
    public long MaxBodySize { get; init; } = 32L * 1024 * 1024;

    /// <summary>Requests served at once on <c>/v1/*</c>; more get 429. 0 = unlimited.</summary>
    public int MaxConcurrentRequests { get; init; } = 256;

    /// <summary>Time allowed to connect to the upstream.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed from sending the request to the upstream's response headers.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Time allowed between two reads of the upstream body (between stream chunks).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Connections kept to the upstream at most.</summary>
    public int MaxConnections { get; init; } = 512;

    /// <summary>
    /// Bytes of request messages the translation cache keeps, so that a conversation's earlier messages, resent with
    /// every turn, are read once (about three times that in memory once read); 0: read every time.
    /// </summary>
    public long TranslationCacheBytes { get; init; } = DefaultTranslationCacheBytes;

    /// <summary>Model ids advertised by <c>GET /v1/models</c> besides the upstream's.</summary>
    public IReadOnlyList<string> ModelAliases { get; init; } = [];

    /// <summary>The translation options.</summary>
    public TranslationOptions Translation { get; init; } = new();

    /// <summary>The <c>.env</c> file that was read, if any.</summary>
    public string? DotEnvPath { get; init; }

    /// <summary>Whether the bind address is loopback only.</summary>
    public bool IsLoopbackBind => BindAddress is null || IPAddress.IsLoopback(BindAddress);

    /// <summary>Reads and validates the settings.</summary>
    /// <param name="layers">The merged layers (for sources in messages).</param>
    /// <param name="configuration">The configuration built from them.</param>
    /// <param name="dotEnvPath">The <c>.env</c> file read, if any.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ProxyConfigurationException">A value is invalid.</exception>
    public static ProxySettings Load(SettingsLayers layers, IConfiguration configuration, string? dotEnvPath)
    {
        string? Get(string key) => configuration[key] is { Length: > 0 } v ? v : null;
        string Src(string key) => layers.SourceOf(key);

        var host = Get(SettingKeys.Host) ?? "127.0.0.1";
        IPAddress? bind;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            bind = null;
        }
        else if (!IPAddress.TryParse(host.Trim('[', ']'), out bind))
        {
            throw SettingParsers.Invalid(SettingKeys.Host, host, Src(SettingKeys.Host), "an IP address such as 127.0.0.1 or 0.0.0.0, or localhost");
        }

        var port = Get(SettingKeys.Port) is { } p ? SettingParsers.Int(SettingKeys.Port, p, Src(SettingKeys.Port), 0, 65535) : DefaultPort;

        var backend = Get(SettingKeys.Backend)?.ToLowerInvariant() switch
        {
            null or "openai" => BackendKind.OpenAI,
            "anthropic" => BackendKind.Anthropic,
            var other => throw SettingParsers.Invalid(SettingKeys.Backend, other, Src(SettingKeys.Backend), "openai (translate, the default) or anthropic (pass through)"),
        };

        var baseUrl = Get(SettingKeys.UpstreamBaseUrl);
        UpstreamEndpoint? upstream = baseUrl is null
            ? (backend == BackendKind.Anthropic ? UpstreamBaseUrl.ForAnthropic(UpstreamBaseUrl.AnthropicDefault, "default") : null)
            : backend == BackendKind.Anthropic
                ? UpstreamBaseUrl.ForAnthropic(baseUrl, Src(SettingKeys.UpstreamBaseUrl))
                : UpstreamBaseUrl.ForOpenAI(baseUrl, Src(SettingKeys.UpstreamBaseUrl));

        var authText = Get(SettingKeys.UpstreamAuth)?.ToLowerInvariant();
        var auth = authText switch
        {
            null when upstream?.ChatCompletions.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase) == true => UpstreamAuthMode.Header,
            null or "bearer" => UpstreamAuthMode.Bearer,
            "header" or "api-key" => UpstreamAuthMode.Header,
            "none" => UpstreamAuthMode.None,
            _ => throw SettingParsers.Invalid(SettingKeys.UpstreamAuth, authText, Src(SettingKeys.UpstreamAuth), "bearer, header (with UPSTREAM_AUTH_HEADER, default api-key) or none"),
        };
        var authHeader = Get(SettingKeys.UpstreamAuthHeader) ?? "api-key";
        if (!IsToken(authHeader))
        {
            throw SettingParsers.Invalid(SettingKeys.UpstreamAuthHeader, authHeader, Src(SettingKeys.UpstreamAuthHeader), "a header name such as api-key");
        }

        var hashes = new List<byte[]>();
        foreach (var key in Split(Get(SettingKeys.ApiKeys)))
        {
            hashes.Add(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        foreach (var hex in Split(Get(SettingKeys.ApiKeyHashes)))
        {
            try
            {
                var bytes = Convert.FromHexString(hex);
                hashes.Add(bytes.Length == 32 ? bytes : throw new FormatException());
            }
            catch (FormatException)
            {
                throw SettingParsers.Invalid(SettingKeys.ApiKeyHashes, hex, Src(SettingKeys.ApiKeyHashes), "64 hex digits per key (sha256sum of the key)");
            }
        }

        var allowUnauthenticated = Bool(SettingKeys.AllowUnauthenticated, false);
        var settings = new ProxySettings
        {
            Host = host,
            BindAddress = bind,
            Port = port,
            Backend = backend,
            Upstream = upstream,
            UpstreamApiKey = Get(SettingKeys.UpstreamApiKey),
            AuthMode = auth,
            AuthHeaderName = authHeader,
            Debug = Bool(SettingKeys.Debug, false),
            Verbose = Bool(SettingKeys.Verbose, false),
            ClientKeyHashes = hashes,
            AllowUnauthenticated = allowUnauthenticated,
            MaxBodySize = Get(SettingKeys.MaxBodySize) is { } mb ? SettingParsers.Size(SettingKeys.MaxBodySize, mb, Src(SettingKeys.MaxBodySize), MaxBodySizeLimit) : 32L * 1024 * 1024,
            MaxConcurrentRequests = Get(SettingKeys.MaxConcurrentRequests) is { } mc ? SettingParsers.Int(SettingKeys.MaxConcurrentRequests, mc, Src(SettingKeys.MaxConcurrentRequests), 0, 1_000_000) : 256,
            ConnectTimeout = Duration(SettingKeys.ConnectTimeout, TimeSpan.FromSeconds(10)),
            FirstByteTimeout = Duration(SettingKeys.FirstByteTimeout, TimeSpan.FromMinutes(10)),
            IdleTimeout = Duration(SettingKeys.IdleTimeout, TimeSpan.FromMinutes(5)),
            MaxConnections = Get(SettingKeys.MaxConnections) is { } mx ? SettingParsers.Int(SettingKeys.MaxConnections, mx, Src(SettingKeys.MaxConnections), 1, 100_000) : 512,
            ModelAliases = Split(Get(SettingKeys.ModelAliases)).ToList(),
            TranslationCacheBytes = Get(SettingKeys.TranslationCacheSize) is { } tc
                ? tc.Trim() == "0" ? 0 : SettingParsers.Size(SettingKeys.TranslationCacheSize, tc, Src(SettingKeys.TranslationCacheSize), 1024L * 1024 * 1024 * 1024)
                : DefaultTranslationCacheBytes,
            Translation = BindTranslation(configuration, layers),
            DotEnvPath = dotEnvPath,
        };

        if (!settings.IsLoopbackBind && hashes.Count == 0 && !allowUnauthenticated)
        {
            throw new ProxyConfigurationException(
                $"refusing to listen on {host} (from {Src(SettingKeys.Host)}) without client keys: set PROXY_API_KEYS=key1,key2 (or PROXY_API_KEY_SHA256), " +
                "or ALLOW_UNAUTHENTICATED=true / --allow-unauthenticated if the network is trusted");
        }

        return settings;

        bool Bool(string key, bool fallback) => Get(key) is { } v ? SettingParsers.Bool(key, v, Src(key)) : fallback;

        TimeSpan Duration(string key, TimeSpan fallback)
        {
            if (Get(key) is not { } v)
            {
                return fallback;
            }

            var d = SettingParsers.Duration(key, v, Src(key));
            return d > TimeSpan.Zero ? d : throw SettingParsers.Invalid(key, v, Src(key), "a duration above zero");
        }
    }

    private static TranslationOptions BindTranslation(IConfiguration configuration, SettingsLayers layers)
    {
        var section = configuration.GetSection(SettingKeys.TranslationSection);
        var options = new TranslationOptions();

        // The binder appends to a list that already has items: a configured list replaces the default instead.
        var profile = section.GetSection("Profile");
        if (profile.GetSection("ReasoningModels").Exists())
        {
            options.Profile.ReasoningModels.Clear();
        }

        if (profile.GetSection("MaxCompletionTokensModels").Exists())
        {
            options.Profile.MaxCompletionTokensModels.Clear();
        }

        if (profile.GetSection("DefaultSamplingOnlyModels").Exists())
        {
            options.Profile.DefaultSamplingOnlyModels.Clear();
        }

        if (profile.GetSection("DeveloperRoleModels").Exists())
        {
            options.Profile.DeveloperRoleModels.Clear();
        }

        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value at 'Translation:X' to type 'System.Boolean'."
            var path = e.Message.Split('\'') is { Length: >= 2 } parts ? parts[1] : SettingKeys.TranslationSection;
            throw new ProxyConfigurationException(
                $"{path}={configuration[path]} (from {layers.SourceOf(path)}) is not valid: {e.Message.TrimEnd('.')}", e);
        }

        for (var i = 0; i < options.ModelMap.Count; i++)
        {
            var rule = options.ModelMap[i];
            if (string.IsNullOrWhiteSpace(rule.Match) || string.IsNullOrWhiteSpace(rule.Target))
            {
                throw new ProxyConfigurationException(
                    $"Translation:ModelMap:{i} (from {layers.SourceOf($"Translation:ModelMap:{i}:Match")}) needs both Match and Target (e.g. MODEL_MAP=claude-*=gpt-4o)");
            }
        }

        if (options.PingInterval <= TimeSpan.Zero)
        {
            throw new ProxyConfigurationException($"Translation:PingInterval (from {layers.SourceOf("Translation:PingInterval")}) must be above zero (e.g. PING_INTERVAL=10s)");
        }

        return options;
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsToken(string name) => name.Length > 0 && name.All(c => c is > ' ' and < (char)127 && !"()<>@,;:\\\"/[]?={}".Contains(c));
}
