using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Protocols.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="AnthropicCompatibleClient"/>s with <see cref="System.Net.Http.IHttpClientFactory"/>.</summary>
public static class ProtocolsClientServiceCollectionExtensions
{
    /// <summary>The prefix of the named <see cref="HttpClient"/> each registration uses (<c>Protocols.Client.&lt;name&gt;</c>).</summary>
    public const string HttpClientNamePrefix = "Protocols.Client.";

    /// <summary>
    /// Registers the default client (resolve <see cref="AnthropicCompatibleClient"/> or <see cref="IChatClient"/>), its
    /// options, and a named <see cref="HttpClient"/> whose primary handler is <see cref="UpstreamHttpHandler.Create"/>
    /// (SSRF guard, connect timeout, mTLS from the options).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (at least <see cref="AnthropicCompatibleClientOptions.BaseUrl"/>).</param>
    /// <returns>The HTTP client builder, to add handlers (e.g. a <see cref="RecordReplayHandler"/>).</returns>
    public static IHttpClientBuilder AddAnthropicCompatibleClient(this IServiceCollection services, Action<AnthropicCompatibleClientOptions> configure) =>
        services.AddAnthropicCompatibleClient(Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers a named client, resolved as a keyed service (<c>[FromKeyedServices("ollama")] AnthropicCompatibleClient</c>);
    /// the empty name is the default client. Each name has its own options and named <see cref="HttpClient"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddAnthropicCompatibleClient(this IServiceCollection services, string name, Action<AnthropicCompatibleClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AnthropicCompatibleClientOptions>(name)
            .Configure(configure)
            .Validate(static o => UpstreamEndpoint.TryNormalize(o.BaseUrl, out _, out _), "BaseUrl must be https://host, https://host/v1 or the full …/chat/completions URL");

        var httpName = HttpClientNamePrefix + name;
        var builder = services.AddHttpClient(httpName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<AnthropicCompatibleClientOptions>>().Get(name);
                return UpstreamHttpHandler.Create(options.ToHandlerOptions(UpstreamEndpoint.Normalize(options.BaseUrl)));
            })
            .ConfigureHttpClient(static c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(static _ => true);

        // One client per name for the application's lifetime: the handler's PooledConnectionLifetime picks up DNS changes.
        services.AddKeyedSingleton(name, (sp, _) => Create(sp, name, httpName));
        services.AddKeyedSingleton<IChatClient>(name, (sp, key) => sp.GetRequiredKeyedService<AnthropicCompatibleClient>(key).AsChatClient());
        if (name.Length == 0)
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<AnthropicCompatibleClient>(string.Empty));
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IChatClient>(string.Empty));
        }

        return builder;
    }

    private static AnthropicCompatibleClient Create(IServiceProvider services, string name, string httpName)
    {
        var options = services.GetRequiredService<IOptionsMonitor<AnthropicCompatibleClientOptions>>().Get(name);
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(httpName);
        return new AnthropicCompatibleClient(
            options,
            http,
            services.GetService<ILoggerFactory>(),
            services.GetService<TimeProvider>(),
            services.GetService<System.Diagnostics.Metrics.IMeterFactory>());
    }
}
