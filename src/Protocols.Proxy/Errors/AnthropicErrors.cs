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
    private static readonly Protocols.Client.SecretScrubber NoSecrets = new((string?)null);

    /// <summary>Writes an error.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="errorType">The Anthropic error type.</param>
    /// <param name="message">The message.</param>
    /// <returns>A task.</returns>
    public static Task WriteAsync(HttpContext context, int status, string errorType, string message)
    {
        var requestId = context.Features.Get<RequestRecord>()?.RequestId;
        return JsonResponse.WriteAsync(context.Response, status, ErrorTranslator.Create(errorType, Scrubber(context).Scrub(message), requestId));
    }

    /// <summary>Writes an already translated error body.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <returns>A task.</returns>
    public static Task WriteAsync(HttpContext context, int status, Protocols.Anthropic.ErrorResponse body) =>
        JsonResponse.WriteAsync(context.Response, status, Scrub(body, Scrubber(context)));

    /// <summary>
    /// The error with the upstream key removed from its message: an upstream may echo the key it was sent ("Invalid API
    /// key: token-abc123"), and a configured key need not look like one (C75).
    /// </summary>
    /// <param name="body">The error.</param>
    /// <param name="scrubber">The proxy's known secrets.</param>
    /// <returns>The same error, or a copy with the message scrubbed.</returns>
    public static Protocols.Anthropic.ErrorResponse Scrub(Protocols.Anthropic.ErrorResponse body, Protocols.Client.SecretScrubber scrubber)
    {
        var (type, message) = ErrorTranslator.Describe(body.Error);
        var scrubbed = scrubber.Scrub(message);
        return scrubbed == message ? body : ErrorTranslator.Create(type, scrubbed, body.RequestId);
    }

    private static Protocols.Client.SecretScrubber Scrubber(HttpContext context) =>
        context.RequestServices.GetService<Protocols.Client.SecretScrubber>() ?? NoSecrets;

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
