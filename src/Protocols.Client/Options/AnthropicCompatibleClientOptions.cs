using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>
/// Settings of an <see cref="AnthropicCompatibleClient"/>. Only <see cref="BaseUrl"/> is required; everything else
/// has a default that suits a plain OpenAI-compatible backend. <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class AnthropicCompatibleClientOptions
{
    /// <summary>
    /// The backend: <c>https://host</c>, <c>https://host/v1</c> (any version segment), or the full
    /// <c>…/chat/completions</c> URL (see <see cref="UpstreamEndpoint.Normalize"/>). Required.
    /// </summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>How the key is sent: <see cref="UpstreamCredential.Bearer"/>, <see cref="UpstreamCredential.Header"/> (Azure's <c>api-key</c>), or none.</summary>
    /// <value><see cref="UpstreamCredential.None"/> (keyless local backends).</value>
    public UpstreamCredential Credential { get; set; } = UpstreamCredential.None;

    /// <summary>Shorthand for <see cref="Credential"/> = <see cref="UpstreamCredential.Bearer"/>; write-only so the key cannot be read back.</summary>
    public string? ApiKey
    {
        set => Credential = UpstreamCredential.FromApiKey(value);
    }

    /// <summary>How requests and responses are translated: model map, reasoning/completion models, target profile.</summary>
    /// <value>The translation defaults.</value>
    public TranslationOptions Translation { get; set; } = new();

    /// <summary>The longest a TCP connect plus TLS handshake may take (applies to the handler this client creates).</summary>
    /// <value>10 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest wait for data: until the response headers and (non-streaming) the whole body arrive, and between two
    /// stream events. A timeout before any event is retried; one mid-stream ends the stream with <see cref="UpstreamTimeoutException"/>.
    /// </summary>
    /// <value>10 minutes.</value>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retry settings.</summary>
    /// <value>2 retries, exponential backoff from 500 ms with 25 % jitter, server delays honoured up to 60 s.</value>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>Which addresses may be connected to (the SSRF guard).</summary>
    /// <value><see cref="UpstreamNetworkPolicy.Automatic"/>: public addresses only unless the base URL is loopback.</value>
    public UpstreamNetworkPolicy NetworkPolicy { get; set; } = UpstreamNetworkPolicy.Automatic;

    /// <summary>A client certificate (with its private key) for mutual TLS (applies to the handler this client creates).</summary>
    /// <value>Null.</value>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Validates the server certificate instead of the system trust store (applies to the handler this client creates).</summary>
    /// <value>Null: the system's validation.</value>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>Extra headers on every request (e.g. OpenRouter's <c>HTTP-Referer</c>); never logged.</summary>
    public IDictionary<string, string> DefaultHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records the usage of every successful call, per upstream model.</summary>
    /// <value>Null: nothing recorded.</value>
    public UsageTracker? UsageTracker { get; set; }

    /// <summary>A spending limit: each call reserves its worst case first and settles at the actual cost.</summary>
    /// <value>Null: no limit.</value>
    public UsageBudget? Budget { get; set; }

    /// <summary>The policy in force for <paramref name="endpoint"/> (resolves <see cref="UpstreamNetworkPolicy.Automatic"/>).</summary>
    /// <param name="endpoint">The normalized base URL.</param>
    /// <returns><see cref="UpstreamNetworkPolicy.PublicOnly"/> or <see cref="UpstreamNetworkPolicy.AllowPrivate"/>.</returns>
    public UpstreamNetworkPolicy EffectiveNetworkPolicy(UpstreamEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return NetworkPolicy switch
        {
            UpstreamNetworkPolicy.Automatic => endpoint.IsLoopback ? UpstreamNetworkPolicy.AllowPrivate : UpstreamNetworkPolicy.PublicOnly,
            var explicitPolicy => explicitPolicy,
        };
    }

    /// <summary>The handler settings these options imply for <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The normalized base URL.</param>
    /// <returns>Settings for <see cref="UpstreamHttpHandler.Create"/>.</returns>
    public UpstreamHttpHandlerOptions ToHandlerOptions(UpstreamEndpoint endpoint) => new()
    {
        NetworkPolicy = EffectiveNetworkPolicy(endpoint),
        ConnectTimeout = ConnectTimeout,
        ClientCertificate = ClientCertificate,
        ServerCertificateValidation = ServerCertificateValidation,
    };

    /// <summary>Describes the options without the key.</summary>
    /// <returns>The base URL, the credential scheme and the policy.</returns>
    public override string ToString() =>
        $"AnthropicCompatibleClientOptions {{ BaseUrl = {ErrorTranslator.Redact(BaseUrl)}, Credential = {Credential}, NetworkPolicy = {NetworkPolicy} }}";
}
