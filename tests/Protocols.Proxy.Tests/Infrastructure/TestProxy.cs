using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Protocols.Proxy.Configuration;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>
/// The proxy started in-process through <see cref="ProxyApp.Build"/> on 127.0.0.1 port 0, with its own
/// environment (nothing read from the test process's), an empty content root and a log sink.
/// </summary>
public sealed class TestProxy : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private TestProxy(WebApplication app, TempDirectory dir, LogSink logs)
    {
        App = app;
        _dir = dir;
        Logs = logs;
        Url = app.Urls.First();
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public string Url { get; }

    public HttpClient Http { get; }

    public LogSink Logs { get; }

    internal ProxySettings Settings => App.Services.GetRequiredService<ProxySettings>();

    /// <summary>Starts a proxy in front of <paramref name="upstream"/> (or the demo upstream when null).</summary>
    public static async Task<TestProxy> StartAsync(FakeUpstream? upstream, IDictionary<string, string?>? env = null, string[]? args = null)
    {
        var dir = new TempDirectory();
        var environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (upstream is not null)
        {
            environment["UPSTREAM_BASE_URL"] = upstream.BaseUrl;
            environment["UPSTREAM_API_KEY"] = "sk-upstream-secret-0123456789";
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            environment[k] = v;
        }

        var logs = new LogSink();
        var host = NewHost(dir, environment, logs);
        var app = ProxyApp.Build(["--port", "0", .. args ?? []], host);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await app.StartAsync(cts.Token);
        }
        catch
        {
            await app.DisposeAsync();
            dir.Dispose();
            throw;
        }

        return new TestProxy(app, dir, logs);
    }

    /// <summary>Host options that read nothing from the test process.</summary>
    public static ProxyHostOptions NewHost(TempDirectory dir, IReadOnlyDictionary<string, string?> environment, LogSink? logs = null) => new()
    {
        Environment = environment,
        ContentRoot = dir.Path,
        WorkingDirectory = dir.Path,
        HomeDirectory = null,
        SystemConfigDirectory = null,
        ConfigureBuilder = builder =>
        {
            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        },
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await App.StopAsync(cts.Token);
        }
        finally
        {
            await App.DisposeAsync();
            _dir.Dispose();
        }
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "protocols-proxy-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
