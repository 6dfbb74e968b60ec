using System.Text;
using Microsoft.AspNetCore.Http;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>Scripted upstream behaviours.</summary>
public static class Script
{
    /// <summary>A JSON body with a status and headers.</summary>
    public static Func<HttpContext, Task> Json(int status, string json, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    };

    /// <summary>Any body and content type.</summary>
    public static Func<HttpContext, Task> Raw(int status, string contentType, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    /// <summary>
    /// An SSE stream: each payload as <c>data: …</c>, flushed, with <paramref name="delay"/> between two;
    /// <c>[DONE]</c> at the end unless <paramref name="done"/> is false; the connection is cut after the
    /// payloads when <paramref name="dropAfter"/> is true.
    /// </summary>
    public static Func<HttpContext, Task> Sse(IEnumerable<string> payloads, TimeSpan delay = default, bool done = true, bool dropAfter = false, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.StartAsync();
        try
        {
            var first = true;
            foreach (var payload in payloads)
            {
                if (delay > TimeSpan.Zero && !first)
                {
                    await Task.Delay(delay, context.RequestAborted);
                }

                await context.Response.WriteAsync("data: " + payload + "\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                first = false;
            }

            if (dropAfter)
            {
                await Task.Delay(50);
                context.Abort();
                return;
            }

            if (done)
            {
                await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The proxy went away: the test observes it through ClientDisconnected.
        }
    };

    /// <summary>Raw SSE text written in pieces (to split lines, CRLF, comments …).</summary>
    public static Func<HttpContext, Task> SseText(params string[] pieces) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync();
        foreach (var piece in pieces)
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(piece));
            await context.Response.Body.FlushAsync();
            await Task.Delay(5);
        }
    };

    /// <summary>Sends nothing until the client goes away (or the test ends).</summary>
    public static Func<HttpContext, Task> Hang() => async context =>
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    };

    /// <summary>Waits, then runs another script.</summary>
    public static Func<HttpContext, Task> After(TimeSpan delay, Func<HttpContext, Task> then) => async context =>
    {
        await Task.Delay(delay, context.RequestAborted);
        await then(context);
    };
}
