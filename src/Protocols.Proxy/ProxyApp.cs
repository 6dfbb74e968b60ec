using System.CommandLine;
using System.Net;
using System.Reflection;
using Protocols.Proxy.Cli;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;
using Protocols.Proxy.Health;
using Protocols.Proxy.Limits;
using Protocols.Proxy.Messages;
using Protocols.Proxy.Models;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Passthrough;
using Protocols.Proxy.Security;
using Protocols.Proxy.Upstream;

namespace Protocols.Proxy;

/// <summary>
/// Builds and runs the proxy. <see cref="Build"/> is the in-process entry point (tests start it on
/// port 0 with their own environment); <see cref="RunAsync"/> is what <c>Program</c> calls.
/// </summary>
public static class ProxyApp
{
    /// <summary>The proxy's version (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(ProxyApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Builds the proxy from command-line arguments and the host's environment, without starting it.</summary>
    /// <param name="args">The command-line flags (<c>--port</c>, <c>--upstream</c> …).</param>
    /// <param name="host">Where configuration comes from; null for the real process's.</param>
    /// <returns>The application; start it with <c>StartAsync</c>/<c>RunAsync</c>, read <c>Urls</c> after start.</returns>
    /// <exception cref="ProxyConfigurationException">A setting or flag is invalid (the message is one line).</exception>
    public static WebApplication Build(string[] args, ProxyHostOptions? host = null) =>
        BuildApp(ProxyCommandLine.ParseOrThrow(args), host ?? new ProxyHostOptions());

    /// <summary>Parses the command line, then serves until stopped; every start-up failure is one line on stderr.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The exit code: 0 after a clean stop, 1 for a refused setting or a failed start, 2 for bad flags.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = ProxyCommandLine.Create();
        root.SetAction(async (parse, _) =>
        {
            try
            {
                await using var app = BuildApp(parse, new ProxyHostOptions());
                await app.RunAsync();
                return 0;
            }
            catch (ProxyConfigurationException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 1;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                // e.g. the port is in use: one line, not a stack trace.
                await Console.Error.WriteLineAsync("error: cannot start: " + e.Message);
                return 1;
            }
        });

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {result.Errors[0].Message} (see --help)");
            return 2;
        }

        // The host handles Ctrl+C/SIGTERM itself (graceful shutdown).
        return await result.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static WebApplication BuildApp(ParseResult parse, ProxyHostOptions host)
    {
        // Configuration layers, lowest first: appsettings.json → .env → environment → flags.
        var layers = new SettingsLayers();
        layers.Add("appsettings.json", SettingsLayers.ReadJsonFile(Path.Combine(host.ContentRoot, "appsettings.json")));
        var dotEnvPath = DotEnvFile.Find(parse.GetValue(ProxyCommandLine.Config), host);
        if (dotEnvPath is not null)
        {
            layers.Add(dotEnvPath, DotEnvFile.Parse(File.ReadAllText(dotEnvPath), dotEnvPath).Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
        }

        layers.Add("environment", host.Environment);
        layers.Add("command line", ProxyCommandLine.Overrides(parse));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = host.ContentRoot });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(layers.Values);
        var settings = ProxySettings.Load(layers, builder.Configuration, dotEnvPath);

        ConfigureLogging(builder.Logging, settings);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodySize;
            if (settings.BindAddress is null && settings.Port != 0)
            {
                kestrel.ListenLocalhost(settings.Port);
            }
            else
            {
                kestrel.Listen(settings.BindAddress ?? IPAddress.Loopback, settings.Port);
            }
        });

        AddServices(builder.Services, settings, host);
        host.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.Services.GetRequiredService<PrometheusExporter>();
        UsePipeline(app, settings);
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStart(app, settings));
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ProxySettings settings)
    {
        logging.ClearProviders();

        // The simple console format, written in batches (one write per burst of lines, not one per request).
        ConsoleLineLoggerProvider.Add(logging, o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);

        // Hosting starts an Activity for every request whenever its own logger is enabled at any level (for log scopes),
        // and HttpClient then starts a child Activity and injects traceparent upstream: ~3% of a small request's CPU, for
        // "Request starting/finished" lines the proxy replaces with its own one line per request. Errors are logged by
        // Kestrel's category, not this one. An ActivityListener (OpenTelemetry) still gets its activities.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // A failed start (port in use) is reported as one line by RunAsync, not as the host's stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        logging.AddFilter("Protocols", settings.Verbose ? LogLevel.Trace : settings.Debug ? LogLevel.Debug : LogLevel.Information);
    }

    private static void AddServices(IServiceCollection services, ProxySettings settings, ProxyHostOptions host)
    {
        services.AddSingleton(settings);
        services.AddSingleton(new Protocols.Client.SecretScrubber(settings.UpstreamApiKey));
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<ProxyMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton(_ => new HttpClient(host.UpstreamHandler ?? UpstreamHandler.Create(settings), disposeHandler: host.UpstreamHandler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        });
        services.AddSingleton<UpstreamClient>();
        services.AddSingleton<StreamingResponder>();
        services.AddSingleton(new Protocols.Translation.TranslationCache(settings.Translation, messageBytes: settings.TranslationCacheBytes));
        services.AddSingleton<MessagesHandler>();
        services.AddSingleton<CountTokensHandler>();
        services.AddSingleton<ModelsHandler>();
        services.AddSingleton<AnthropicPassthrough>();
        services.AddProxyConcurrencyLimit();
    }

    private static void UsePipeline(WebApplication app, ProxySettings settings)
    {
        app.UseMiddleware<RequestTracking>();
        app.UseStatusCodePages(AnthropicErrors.WriteStatusCodePage);
        app.UseMiddleware<ClientKeyCheck>();
        app.UseProxyConcurrencyLimit();

        app.MapHealthAndMetrics();
        if (settings.Backend == BackendKind.Anthropic)
        {
            var passthrough = app.Services.GetRequiredService<AnthropicPassthrough>();
            app.Map("/v1/{**path}", passthrough.ForwardAsync);
            return;
        }

        var messages = app.Services.GetRequiredService<MessagesHandler>();
        var countTokens = app.Services.GetRequiredService<CountTokensHandler>();
        var models = app.Services.GetRequiredService<ModelsHandler>();
        app.MapPost("/v1/messages", messages.HandleAsync);
        app.MapPost("/v1/messages/count_tokens", countTokens.HandleAsync);
        app.MapGet("/v1/models", models.ListAsync);
        // A catch-all: upstream model ids may contain '/' (OpenRouter's "openai/gpt-4o"), sent as is or as %2F.
        app.MapGet("/v1/models/{**id}", models.GetAsync);
    }

    private static void AnnounceStart(WebApplication app, ProxySettings settings)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Protocols.Proxy");
        var upstream = app.Services.GetRequiredService<UpstreamClient>();
        if (settings.DotEnvPath is not null)
        {
            ProxyLog.DotEnv(logger, settings.DotEnvPath);
        }

        ProxyLog.Listening(logger, Version, string.Join(", ", app.Urls), settings.Backend == BackendKind.Anthropic ? "Anthropic passthrough" : "Anthropic → OpenAI translation");
        if (settings.IsDemo)
        {
            ProxyLog.DemoUpstream(logger);
        }
        else
        {
            var auth = string.IsNullOrEmpty(settings.UpstreamApiKey) || settings.AuthMode == UpstreamAuthMode.None ? "none"
                : settings.AuthMode == UpstreamAuthMode.Header ? "header " + settings.AuthHeaderName : "bearer";
            ProxyLog.Upstream(logger, UpstreamClient.Describe(upstream.Endpoint.BaseUrl), auth);
        }

        if (settings.ClientKeyHashes.Count > 0)
        {
            ProxyLog.ClientKeys(logger, settings.ClientKeyHashes.Count);
        }
        else if (!settings.IsLoopbackBind)
        {
            ProxyLog.Unauthenticated(logger, settings.Host);
        }
    }
}
