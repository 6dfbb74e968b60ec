using System.Diagnostics;

namespace Protocols.Proxy.Observability;

/// <summary>
/// The outermost middleware: gives every request an id (the <c>request-id</c> header on every
/// response), and when the response ends writes the one structured log line and the request metrics.
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="metrics">The instruments.</param>
/// <param name="logger">The request logger.</param>
internal sealed class RequestTracking(RequestDelegate next, ProxyMetrics metrics, ILogger<RequestTracking> logger)
{
    /// <summary>The response header carrying the request id.</summary>
    public const string HeaderName = "request-id";

    /// <summary>Runs the request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var record = new RequestRecord { RequestId = NewId() };
        context.Features.Set(record);
        context.TraceIdentifier = record.RequestId;
        context.Response.Headers[HeaderName] = record.RequestId;
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var auth = context.Request.Headers.ContainsKey("x-api-key") ? "x-api-key"
                : context.Request.Headers.Authorization.Count > 0 ? "authorization" : "none";
            ProxyLog.Received(logger, record.RequestId, context.Request.Method, context.Request.Path.Value ?? "/",
                context.Request.ContentLength, context.Request.Headers["anthropic-version"].FirstOrDefault(),
                context.Request.Headers["anthropic-beta"].FirstOrDefault(), auth);
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // The client's request body could not be read — a malformed chunked encoding (400), a body arriving too slowly
            // (Kestrel's minimum data rate, 408), one over MAX_BODY_SIZE where it is not read by RequestBody (413, the
            // passthrough): the client's fault, in its status, not an unexpected 500.
            record.Outcome = "bad_request_body";
            await WriteBadBodyAsync(context, e);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // Last resort: an Anthropic-shaped 500 instead of an empty one.
            ProxyLog.Unexpected(logger, record.RequestId, e);
            await Errors.AnthropicErrors.WriteAsync(context, 500, "api_error", "the proxy failed unexpectedly; see its log for " + record.RequestId);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            record.Outcome ??= "client_closed";
        }
        finally
        {
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var status = context.RequestAborted.IsCancellationRequested && record.Outcome == "client_closed" ? 499 : context.Response.StatusCode;
            metrics.RequestFinished(route, status, record.RequestedModel, seconds);
            if (status is >= 200 and < 300)
            {
                metrics.Tokens(record.RequestedModel, record.InputTokens, record.OutputTokens);
            }

            ProxyLog.Request(logger, record.RequestId, context.Request.Method, route, status, seconds * 1000,
                record.RequestedModel, record.TargetModel, record.InputTokens, record.OutputTokens,
                record.Lossy.Length == 0 ? "-" : record.Lossy, record.Outcome is null ? string.Empty : " outcome=" + record.Outcome);
        }
    }

    private static async Task WriteBadBodyAsync(HttpContext context, BadHttpRequestException e)
    {
        try
        {
            await (e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? Limits.RequestBody.RefuseAsync(context, context.RequestServices.GetRequiredService<Configuration.ProxySettings>().MaxBodySize)
                : Errors.AnthropicErrors.WriteAsync(context, e.StatusCode, Protocols.Translation.ErrorTranslator.ErrorTypeForStatus(e.StatusCode), "the request body could not be read: " + e.Message));
        }
        catch (Exception write) when (write is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is already being closed by the server (a stalled upload): nothing more to send.
        }
    }

    // 126 random bits as 32 hex digits (the shape a GUID "N" had), from Random.Shared: unique, not secret, and no
    // call into the system's crypto library per request.
    private static string NewId() => string.Create(36, 0, static (span, _) =>
    {
        "req_".AsSpan().CopyTo(span);
        Random.Shared.NextInt64().TryFormat(span[4..20], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        Random.Shared.NextInt64().TryFormat(span[20..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
    });
}
