using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Protocols.Client.Tests;

/// <summary>A request the fake upstream received.</summary>
public sealed record UpstreamRequest(int Index, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A scripted OpenAI-compatible backend: a real Kestrel server on 127.0.0.1, port 0. It records every request and
/// counts TCP connections (so a test can prove that nothing was sent, or that a connection was reused).
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<UpstreamRequest> _requests = new();
    private int _connections;
    private int _requestCount;

    private FakeUpstream(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string Scheme { get; private set; } = "http";

    /// <summary>The base URL as a client configures it (<c>http://127.0.0.1:port/v1</c>).</summary>
    public string BaseUrl => $"{Scheme}://127.0.0.1:{Port}/v1";

    /// <summary>TCP connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The requests received, in order.</summary>
    public IReadOnlyList<UpstreamRequest> Requests => [.. _requests];

    public static Task<FakeUpstream> StartAsync(Func<UpstreamRequest, HttpContext, Task> script) => StartAsync(script, null);

    public static async Task<FakeUpstream> StartAsync(Func<UpstreamRequest, HttpContext, Task> script, Action<HttpsConnectionAdapterOptions>? https)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        FakeUpstream? self = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref self!._connections);
                    await next(connection);
                });
                if (https is not null)
                {
                    listen.UseHttps(https);
                }
            });
        });
        var app = builder.Build();
        self = new FakeUpstream(app) { Scheme = https is null ? "http" : "https" };
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new UpstreamRequest(Interlocked.Increment(ref self._requestCount) - 1, context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body);
            self._requests.Enqueue(request);
            await script(request, context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self.Port = new Uri(address).Port;
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
