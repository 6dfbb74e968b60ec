using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>
/// A fluent way to a configured client: <c>AnthropicCompatibleClient.CreateBuilder(url).WithApiKey(key).MapModel("claude-*", "gpt-4o").Build()</c>.
/// </summary>
public sealed class AnthropicCompatibleClientBuilder
{
    private readonly AnthropicCompatibleClientOptions _options;
    private HttpClient? _httpClient;
    private ILoggerFactory? _loggerFactory;
    private TimeProvider? _timeProvider;
    private IMeterFactory? _meterFactory;

    /// <summary>Starts a builder.</summary>
    /// <param name="baseUrl">The backend (<c>https://host</c>, <c>https://host/v1</c> or the full chat-completions URL).</param>
    public AnthropicCompatibleClientBuilder(string baseUrl)
    {
        _options = new AnthropicCompatibleClientOptions { BaseUrl = baseUrl };
    }

    /// <summary>Sends the key as <c>Authorization: Bearer</c>.</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithApiKey(string apiKey)
    {
        _options.Credential = UpstreamCredential.Bearer(apiKey);
        return this;
    }

    /// <summary>Sends the key in a custom header (Azure OpenAI: <c>api-key</c>).</summary>
    /// <param name="headerName">The header.</param>
    /// <param name="apiKey">The key.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithHeaderKey(string headerName, string apiKey)
    {
        _options.Credential = UpstreamCredential.Header(headerName, apiKey);
        return this;
    }

    /// <summary>Sends requests for models matching <paramref name="match"/> to <paramref name="target"/>.</summary>
    /// <param name="match">An id, a prefix ending in <c>*</c>, or a glob.</param>
    /// <param name="target">The upstream model.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder MapModel(string match, string target)
    {
        _options.Translation.ModelMap.Add(new ModelMapRule { Match = match, Target = target });
        return this;
    }

    /// <summary>Sends every request to one upstream model, whatever model it names.</summary>
    /// <param name="target">The upstream model.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder UseModel(string target) => MapModel("*", target);

    /// <summary>Sets the connect and read timeouts.</summary>
    /// <param name="connect">The connect timeout.</param>
    /// <param name="read">The read timeout.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithTimeouts(TimeSpan connect, TimeSpan read)
    {
        _options.ConnectTimeout = connect;
        _options.ReadTimeout = read;
        return this;
    }

    /// <summary>Sets the number of retries.</summary>
    /// <param name="maxRetries">Retries after the first attempt; 0 for none.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithRetries(int maxRetries)
    {
        _options.Retry.MaxRetries = maxRetries;
        return this;
    }

    /// <summary>Allows private and loopback addresses (a backend on the local network).</summary>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder AllowPrivateNetworks()
    {
        _options.NetworkPolicy = UpstreamNetworkPolicy.AllowPrivate;
        return this;
    }

    /// <summary>Presents a client certificate (mutual TLS).</summary>
    /// <param name="certificate">The certificate, with its private key.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithClientCertificate(X509Certificate2 certificate)
    {
        _options.ClientCertificate = certificate;
        return this;
    }

    /// <summary>Sends through a shared <see cref="HttpClient"/> (one connection pool for many clients).</summary>
    /// <param name="httpClient">The client.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithHttpClient(HttpClient httpClient)
    {
        _httpClient = httpClient;
        return this;
    }

    /// <summary>Logs attempts and failures.</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithLogging(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Uses a clock other than the system's (tests).</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        return this;
    }

    /// <summary>Creates the meter through a meter factory.</summary>
    /// <param name="meterFactory">The factory.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder WithMetrics(IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory;
        return this;
    }

    /// <summary>Changes any other setting.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public AnthropicCompatibleClientBuilder Configure(Action<AnthropicCompatibleClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_options);
        return this;
    }

    /// <summary>Creates the client.</summary>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentException">The base URL is not accepted.</exception>
    public AnthropicCompatibleClient Build() => new(_options, _httpClient, _loggerFactory, _timeProvider, _meterFactory);
}
