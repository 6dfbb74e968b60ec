using Microsoft.AspNetCore.Diagnostics;
using Protocols.Proxy.Http;
using Protocols.Proxy.Observability;
using Protocols.Translation;

namespace Protocols.Proxy.Errors;

/// <summary>
/// Error responses in the Anthropic shape, <c>{type:"error", error:{type, message}, request_id}</c>,
/// for the proxy's own refusals (401, 404, 405, 413, 429 …) and for translated upstream errors.
/// </summary>
internal static class AnthropicErrors
{
    /// <summary>Writes an error.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="errorType">The Anthropic error type.</param>
    /// <param name="message">The message.</param>
    /// <returns>A task.</returns>
    public static Task WriteAsync(HttpContext context, int status, string errorType, string message)
    {
        var requestId = context.Features.Get<RequestRecord>()?.RequestId;
        return JsonResponse.WriteAsync(context.Response, status, ErrorTranslator.Create(errorType, message, requestId));
    }

    /// <summary>Writes an already translated error body.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <returns>A task.</returns>
    public static Task WriteAsync(HttpContext context, int status, Protocols.Anthropic.ErrorResponse body) =>
        JsonResponse.WriteAsync(context.Response, status, body);

    /// <summary>
    /// The status-code page: routing leaves unknown paths as an empty 404 and a known path with the wrong
    /// method as an empty 405; both get an Anthropic-shaped body here.
    /// </summary>
    /// <param name="statusContext">The status-code context.</param>
    /// <returns>A task.</returns>
    public static Task WriteStatusCodePage(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        var path = context.Request.Path.Value ?? "/";
        return status switch
        {
            404 => WriteAsync(context, 404, "not_found_error", $"no route for {context.Request.Method} {path}"),
            405 => WriteAsync(context, 405, "invalid_request_error", $"method {context.Request.Method} is not allowed on {path}"),
            _ => WriteAsync(context, status, ErrorTranslator.ErrorTypeForStatus(status), $"request failed with status {status}"),
        };
    }
}
