using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>A request the fake upstream received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public System.Text.Json.JsonDocument Json() => System.Text.Json.JsonDocument.Parse(Body);
}

/// <summary>
/// A scripted OpenAI-compatible upstream on a real Kestrel server (127.0.0.1, port 0). Each test sets
/// <see cref="Chat"/> (and <see cref="Models"/>) to a <see cref="Script"/>; every request is recorded;
/// <see cref="ClientDisconnected"/> completes when a handler sees its request aborted.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeUpstream(WebApplication app) => _app = app;

    /// <summary>The base URL to give the proxy (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The server root (<c>http://127.0.0.1:PORT</c>).</summary>
    public string Root { get; private set; } = string.Empty;

    /// <summary>Answers <c>POST /v1/chat/completions</c> (also <c>/v1/messages</c> for passthrough tests).</summary>
    public Func<HttpContext, Task> Chat { get; set; } = Script.Json(200, OpenAIPayloads.TextCompletion("Hello!"));

    /// <summary>Answers <c>GET /v1/models</c>.</summary>
    public Func<HttpContext, Task> Models { get; set; } = Script.Json(200, """{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"}]}""");

    /// <summary>Everything received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Completes when a scripted handler observes its client (the proxy) going away.</summary>
    public TaskCompletionSource ClientDisconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The last chat request.</summary>
    public RecordedRequest LastChat => Requests.Last(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal) || r.Path.EndsWith("/messages", StringComparison.Ordinal));

    /// <summary>Starts a server.</summary>
    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        app.Use(async (context, next) =>
        {
            using var ms = new MemoryStream();
            await context.Request.Body.CopyToAsync(ms);
            fake.Requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value ?? string.Empty,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                ms.ToArray()));
            context.RequestAborted.Register(() => fake.ClientDisconnected.TrySetResult());
            await next(context);
        });
        app.MapPost("/v1/chat/completions", (RequestDelegate)(c => fake.Chat(c)));
        app.MapPost("/custom/deployments/x/chat/completions", (RequestDelegate)(c => fake.Chat(c)));
        app.MapPost("/v1/messages", (RequestDelegate)(c => fake.Chat(c)));
        app.MapPost("/gateway/anthropic/v1/messages", (RequestDelegate)(c => fake.Chat(c)));
        app.MapPost("/v1/messages/count_tokens", (RequestDelegate)(c => fake.Chat(c)));
        app.MapGet("/v1/models", (RequestDelegate)(c => fake.Models(c)));
        await app.StartAsync();
        fake.Root = app.Urls.First();
        fake.BaseUrl = fake.Root + "/v1";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }
}
