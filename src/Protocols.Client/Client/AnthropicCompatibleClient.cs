using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Protocols.Client;

/// <summary>
/// Anthropic Messages API calls from .NET code to any OpenAI-compatible backend: requests are translated to Chat
/// Completions on the way out and answers back to Anthropic messages and stream events, incrementally while
/// streaming. Thread-safe: create one per backend and share it.
/// </summary>
/// <remarks>
/// The partial files hold the concerns: <c>.Messages.cs</c> (create), <c>.Streaming.cs</c> (stream),
/// <c>.Models.cs</c> (list models, count tokens), <c>.Send.cs</c> (attempts, retries, errors),
/// <c>.Preparation.cs</c> (translation and HTTP requests), <c>.Usage.cs</c> (tracker and budget).
/// </remarks>
public sealed partial class AnthropicCompatibleClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly AnthropicCompatibleClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ClientMetrics _metrics;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly SecretScrubber _scrubber;
    private readonly UpstreamNetworkPolicy _policy;
    private readonly string _server;

    /// <summary>Creates a client with its own connection handler (connect timeout, mTLS and the SSRF guard from <paramref name="options"/>).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="loggerFactory">Where attempts and failures are logged; null for none.</param>
    /// <param name="timeProvider">The clock for retries, timeouts and <c>retry-after</c> dates; null for the system clock.</param>
    /// <param name="meterFactory">Creates the meter; null for a shared static meter.</param>
    /// <exception cref="ArgumentException">The base URL is not accepted (the message says what to write).</exception>
    public AnthropicCompatibleClient(AnthropicCompatibleClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
        : this(options, null, loggerFactory, timeProvider, meterFactory)
    {
    }

    /// <summary>
    /// Creates a client that sends through <paramref name="httpClient"/>: one client (one handler, one connection pool)
    /// can serve many <see cref="AnthropicCompatibleClient"/>s for many backends, since every request carries its own
    /// absolute URL and credential. The handler's settings then come from whoever built it (use
    /// <see cref="UpstreamHttpHandler.Create"/> for the SSRF guard and mTLS); literal private addresses are still refused here.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <param name="httpClient">The shared client (not disposed by this one); null to create a handler from <paramref name="options"/>.</param>
    /// <param name="loggerFactory">Where attempts and failures are logged; null for none.</param>
    /// <param name="timeProvider">The clock for retries, timeouts and <c>retry-after</c> dates; null for the system clock.</param>
    /// <param name="meterFactory">Creates the meter; null for a shared static meter.</param>
    /// <exception cref="ArgumentException">The base URL is not accepted (the message says what to write).</exception>
    public AnthropicCompatibleClient(AnthropicCompatibleClientOptions options, HttpClient? httpClient, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Endpoint = UpstreamEndpoint.Normalize(options.BaseUrl);
        _policy = options.EffectiveNetworkPolicy(Endpoint);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<AnthropicCompatibleClient>() ?? NullLogger.Instance;
        _metrics = new ClientMetrics(meterFactory);
        _scrubber = new SecretScrubber(options.Credential.Secret);
        _server = Endpoint.ChatCompletions.Authority;
        if (httpClient is null)
        {
            _http = new HttpClient(UpstreamHttpHandler.Create(options.ToHandlerOptions(Endpoint)), disposeHandler: true)
            {
                // Timeouts are per attempt (ReadTimeout) and per stream event, not per HttpClient call.
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }

        _pipeline = BuildPipeline(options.Retry.Clone());
    }

    /// <summary>The normalized backend URLs.</summary>
    public UpstreamEndpoint Endpoint { get; }

    /// <summary>The settings (the credential's key cannot be read back).</summary>
    public AnthropicCompatibleClientOptions Options => _options;

    /// <summary>The SSRF policy in force (<see cref="UpstreamNetworkPolicy.Automatic"/> resolved).</summary>
    public UpstreamNetworkPolicy NetworkPolicy => _policy;

    /// <summary>The smallest path from "a URL and a key" to a client.</summary>
    /// <param name="baseUrl">The backend (<c>https://host</c>, <c>https://host/v1</c> or the full chat-completions URL).</param>
    /// <param name="apiKey">The key, sent as a bearer token; null for a keyless backend.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentException">The base URL is not accepted.</exception>
    public static AnthropicCompatibleClient Create(string baseUrl, string? apiKey = null) =>
        new(new AnthropicCompatibleClientOptions { BaseUrl = baseUrl, Credential = UpstreamCredential.FromApiKey(apiKey) });

    /// <summary>A fluent builder for the other settings.</summary>
    /// <param name="baseUrl">The backend.</param>
    /// <returns>The builder.</returns>
    public static AnthropicCompatibleClientBuilder CreateBuilder(string baseUrl) => new(baseUrl);

    /// <summary>Disposes the handler this client created (a shared <see cref="HttpClient"/> is left alone).</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Describes the client without the key.</summary>
    /// <returns>The endpoint, credential scheme and policy.</returns>
    public override string ToString() => $"AnthropicCompatibleClient {{ {Endpoint.ChatCompletions.GetLeftPart(UriPartial.Path)}, {_options.Credential}, {_policy} }}";
}
