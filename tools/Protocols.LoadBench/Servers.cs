using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Protocols.LoadBench;

/// <summary>
/// The two servers this program runs as child processes: the fake OpenAI upstream (<c>upstream</c>) and, as a
/// baseline, a naive .NET forwarder that copies bytes to the upstream and back without any translation
/// (<c>forwarder URL</c>). Each prints <c>listening on http://127.0.0.1:PORT</c> once it serves.
/// </summary>
public static class Servers
{
    private static volatile bool s_captureNext;
    private static volatile byte[] s_captured = [];

    /// <summary>
    /// The fake upstream. <c>POST /v1/chat/completions</c> reads the whole body, finds the top-level <c>model</c> and
    /// <c>stream</c> (a <see cref="Utf8JsonReader"/> pass that skips everything else), then answers with the canned
    /// completion or the canned 42-event stream (one write and flush per event). A model named
    /// <c>bench-delay-N</c> makes it wait N ms before each event after the first (the fidelity probe).
    /// <c>POST /control/capture</c> arms a copy of the next request body, <c>GET /control/captured</c> returns it: how
    /// the runner learns the exact OpenAI request the proxy sends, to send the same bytes directly.
    /// </summary>
    public static async Task RunUpstreamAsync()
    {
        var app = CreateApp();
        app.Run(async context =>
        {
            var path = context.Request.Path.Value;
            if (path == "/v1/chat/completions" && HttpMethods.IsPost(context.Request.Method))
            {
                await ChatCompletionsAsync(context);
            }
            else if (path == "/control/capture")
            {
                s_captured = [];
                s_captureNext = true;
            }
            else if (path == "/control/captured")
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(s_captured);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        await RunAsync(app);
    }

    /// <summary>The naive forwarder: <c>POST /v1/messages</c> → the upstream's chat completions, body and response copied as they are.</summary>
    public static async Task RunForwarderAsync(string upstreamChatCompletionsUrl)
    {
        var target = new Uri(upstreamChatCompletionsUrl);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        var json = new MediaTypeHeaderValue("application/json");
        GcStats.StartPrinting();
        var app = CreateApp();
        app.Run(async context =>
        {
            if (context.Request.Path.Value != "/v1/messages")
            {
                context.Response.StatusCode = context.Request.Path.Value == "/health" ? 200 : 404;
                return;
            }

            var body = await ReadBodyAsync(context.Request);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = json;
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        await RunAsync(app);
    }

    private static WebApplication CreateApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        return builder.Build();
    }

    private static async Task RunAsync(WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine("listening on " + address.TrimEnd('/'));
        await app.WaitForShutdownAsync();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync();
            if (read.IsCompleted)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static async Task ChatCompletionsAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync();
            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var (stream, delayMs) = Inspect(read.Buffer);
        if (s_captureNext)
        {
            s_captureNext = false;
            s_captured = read.Buffer.ToArray();
        }

        reader.AdvanceTo(read.Buffer.End);
        var response = context.Response;
        if (!stream)
        {
            response.ContentType = "application/json";
            response.ContentLength = Inputs.CompletionResponse.Length;
            await response.Body.WriteAsync(Inputs.CompletionResponse, context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var events = Inputs.StreamEvents;
        for (var i = 0; i < events.Count; i++)
        {
            if (delayMs > 0 && i > 0)
            {
                await Task.Delay(delayMs, context.RequestAborted);
            }

            // PipeWriter.WriteAsync writes and flushes: one event, one flush, as a real token stream.
            await response.BodyWriter.WriteAsync(events[i], context.RequestAborted);
        }
    }

    private static (bool Stream, int DelayMs) Inspect(ReadOnlySequence<byte> body)
    {
        var json = new Utf8JsonReader(body);
        bool stream = false;
        var delay = 0;
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            return (false, 0);
        }

        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueTextEquals("stream"u8))
            {
                json.Read();
                stream = json.TokenType == JsonTokenType.True;
            }
            else if (json.ValueTextEquals("model"u8))
            {
                json.Read();
                var model = json.GetString() ?? string.Empty;
                if (model.StartsWith("bench-delay-", StringComparison.Ordinal))
                {
                    _ = int.TryParse(model.AsSpan("bench-delay-".Length), out delay);
                }
            }
            else
            {
                json.Read();
                json.Skip();
            }
        }

        return (stream, delay);
    }
}
