using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Protocols.ClaudeCode.Tests.Infrastructure;

/// <summary>What the scripted upstream answers to one chat completion request.</summary>
public abstract record UpstreamReply
{
    /// <summary>A plain assistant text.</summary>
    public sealed record Text(string Content) : UpstreamReply;

    /// <summary>One function tool call (<paramref name="Arguments"/> is the JSON object as text).</summary>
    public sealed record ToolCall(string Name, string Arguments) : UpstreamReply;
}

/// <summary>One request the upstream received, with the parts a script decides on.</summary>
public sealed record RecordedRequest(
    int Index,
    string Method,
    string Path,
    string Body,
    JsonObject? Json,
    bool Stream,
    string? Model,
    int? MaxTokens,
    IReadOnlyList<string> ToolNames,
    IReadOnlyList<string> ToolResults,
    string? LastUserText)
{
    /// <summary>A one-line summary for the test output.</summary>
    public string Summary()
    {
        var messages = Json?["messages"] is JsonArray a ? a.Count : 0;
        var tools = ToolNames.Count == 0 ? "none" : ToolNames.Count + " (" + string.Join(",", ToolNames.Take(8)) + (ToolNames.Count > 8 ? ",…" : "") + ")";
        var results = ToolResults.Count == 0 ? string.Empty : " tool_results=[" + string.Join(" | ", ToolResults.Select(r => Shorten(r, 160))) + "]";
        var user = LastUserText is null ? string.Empty : " last_user=\"" + Shorten(LastUserText, 120) + "\"";
        return $"#{Index} {Method} {Path} bytes={Body.Length} model={Model} stream={Stream} max_tokens={MaxTokens} messages={messages} tools={tools}{results}{user}";
    }

    private static string Shorten(string s, int max)
    {
        s = s.Replace('\n', ' ').Replace('\r', ' ');
        return s.Length <= max ? s : s[..max] + "…";
    }
}

/// <summary>
/// A scripted fake OpenAI-compatible upstream: a real Kestrel server on 127.0.0.1 (port 0) that answers
/// <c>POST /v1/chat/completions</c> (streaming and not, text or a tool call, as the script decides from
/// the request) and <c>GET /v1/models</c>, and records every request it receives.
/// </summary>
public sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<RecordedRequest, UpstreamReply> _script;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;

    private ScriptedUpstream(WebApplication app, Func<RecordedRequest, UpstreamReply> script)
    {
        _app = app;
        _script = script;
    }

    /// <summary>The base URL to give the proxy (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests.OrderBy(r => r.Index)];

    /// <summary>Starts the server; <paramref name="script"/> is called once per chat completion request.</summary>
    public static async Task<ScriptedUpstream> StartAsync(Func<RecordedRequest, UpstreamReply> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new ScriptedUpstream(app, script);
        app.MapPost("/v1/chat/completions", upstream.ChatCompletionsAsync);
        app.MapGet("/v1/models", upstream.ModelsAsync);
        app.MapFallback(upstream.FallbackAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.BaseUrl = address.TrimEnd('/') + "/v1";
        return upstream;
    }

    /// <summary>Every request, one line each, for the test output.</summary>
    public string Describe()
    {
        var list = Requests;
        return list.Count == 0 ? "(the upstream received no request)" : string.Join(Environment.NewLine, list.Select(r => r.Summary()));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
    }

    private async Task ModelsAsync(HttpContext context)
    {
        Record(context, string.Empty);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"object":"list","data":[{"id":"gpt-scripted","object":"model","created":1700000000,"owned_by":"protocols-tests"}]}""");
    }

    private async Task FallbackAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        Record(context, await reader.ReadToEndAsync(context.RequestAborted));
        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"error":{"message":"not found in the scripted upstream","type":"invalid_request_error"}}""");
    }

    private async Task ChatCompletionsAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = Record(context, body);
        UpstreamReply reply;
        try
        {
            reply = _script(request);
        }
        catch (Exception e)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "script failed: " + e.Message, type = "server_error" } });
            return;
        }

        var model = request.Model ?? "gpt-scripted";
        var id = "chatcmpl-" + request.Index.ToString(CultureInfo.InvariantCulture);
        if (request.Stream)
        {
            var includeUsage = request.Json?["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
            await StreamAsync(context, reply, id, model, includeUsage);
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Completion(reply, id, model).ToJsonString(), context.RequestAborted);
        }
    }

    private static JsonObject Completion(UpstreamReply reply, string id, string model)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        string finish;
        switch (reply)
        {
            case UpstreamReply.ToolCall call:
                message["content"] = null;
                message["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = "call_" + id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
                });
                finish = "tool_calls";
                break;
            case UpstreamReply.Text text:
                message["content"] = text.Content;
                finish = "stop";
                break;
            default:
                throw new InvalidOperationException("unknown reply " + reply);
        }

        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = 1700000000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 42, ["completion_tokens"] = 7, ["total_tokens"] = 49 },
        };
    }

    private static async Task StreamAsync(HttpContext context, UpstreamReply reply, string id, string model, bool includeUsage)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var ct = context.RequestAborted;

        async Task SendAsync(JsonNode? delta, string? finish, JsonObject? usage = null)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = 1700000000,
                ["model"] = model,
                ["choices"] = delta is null && finish is null
                    ? new JsonArray()
                    : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta ?? new JsonObject(), ["finish_reason"] = finish }),
            };
            if (usage is not null)
            {
                chunk["usage"] = usage;
            }

            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
        }

        await SendAsync(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null);
        string finish;
        switch (reply)
        {
            case UpstreamReply.Text text:
                // Two pieces, so the proxy really translates a multi-chunk stream.
                var half = text.Content.Length / 2;
                await SendAsync(new JsonObject { ["content"] = text.Content[..half] }, null);
                await SendAsync(new JsonObject { ["content"] = text.Content[half..] }, null);
                finish = "stop";
                break;
            case UpstreamReply.ToolCall call:
                var split = call.Arguments.Length / 2;
                await SendAsync(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["id"] = "call_" + id,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments[..split] },
                    }),
                }, null);
                await SendAsync(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["function"] = new JsonObject { ["arguments"] = call.Arguments[split..] },
                    }),
                }, null);
                finish = "tool_calls";
                break;
            default:
                throw new InvalidOperationException("unknown reply " + reply);
        }

        await SendAsync(new JsonObject(), finish);
        if (includeUsage)
        {
            await SendAsync(null, null, new JsonObject { ["prompt_tokens"] = 42, ["completion_tokens"] = 7, ["total_tokens"] = 49 });
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private RecordedRequest Record(HttpContext context, string body)
    {
        JsonObject? json = null;
        try
        {
            json = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
        }
        catch (JsonException)
        {
        }

        var toolNames = new List<string>();
        if (json?["tools"] is JsonArray tools)
        {
            foreach (var tool in tools)
            {
                if (tool?["function"]?["name"]?.GetValue<string>() is { } name)
                {
                    toolNames.Add(name);
                }
            }
        }

        var toolResults = new List<string>();
        string? lastUser = null;
        if (json?["messages"] is JsonArray messages)
        {
            foreach (var message in messages)
            {
                var role = message?["role"]?.GetValue<string>();
                if (role == "tool")
                {
                    toolResults.Add(ContentText(message?["content"]));
                }
                else if (role == "user")
                {
                    lastUser = ContentText(message?["content"]);
                }
            }
        }

        var request = new RecordedRequest(
            Interlocked.Increment(ref _count),
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            body,
            json,
            json?["stream"]?.GetValue<bool>() == true,
            json?["model"]?.GetValue<string>(),
            (json?["max_completion_tokens"] ?? json?["max_tokens"])?.GetValue<int>(),
            toolNames,
            toolResults,
            lastUser);
        _requests.Enqueue(request);
        return request;
    }

    /// <summary>The text of an OpenAI message content: a string, or the text parts of an array.</summary>
    private static string ContentText(JsonNode? content) => content switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Join("\n", parts.Select(p => p?["text"]?.GetValue<string>() ?? p?.ToJsonString() ?? string.Empty)),
        _ => content.ToJsonString(),
    };
}
