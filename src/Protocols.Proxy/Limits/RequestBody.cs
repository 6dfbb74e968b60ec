using Protocols.Core;
using Microsoft.AspNetCore.Http.Features;
using Protocols.Proxy.Errors;

namespace Protocols.Proxy.Limits;

/// <summary>
/// Reads a request body into pooled memory, within the body size limit (<c>MAX_BODY_SIZE</c>); a body
/// over it is reported as null, which the handlers turn into an Anthropic 413 <c>request_too_large</c>
/// (<see cref="RefuseAsync"/>).
/// </summary>
internal static class RequestBody
{
    private const long DrainSlack = 4;

    /// <summary>Writes the 413 <c>request_too_large</c> for a body over the limit.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="limit">The limit in bytes.</param>
    /// <returns>A task.</returns>
    public static Task RefuseAsync(HttpContext context, long limit) =>
        AnthropicErrors.WriteAsync(context, 413, "request_too_large", $"request body is larger than the proxy's limit of {limit} bytes (MAX_BODY_SIZE)");

    /// <summary>Reads the whole body, or answers 413 <c>request_too_large</c> when it is over the limit.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="limit">The largest body accepted.</param>
    /// <returns>The body, or null when the 413 has been written.</returns>
    public static async Task<PooledBufferWriter?> ReadOrRefuseAsync(HttpContext context, long limit)
    {
        var body = await ReadAsync(context.Request, limit);
        if (body is null)
        {
            await RefuseAsync(context, limit);
        }

        return body;
    }

    /// <summary>Reads the whole body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The largest body accepted.</param>
    /// <returns>The body, or null when it is over the limit.</returns>
    public static async Task<PooledBufferWriter?> ReadAsync(HttpRequest request, long limit)
    {
        // The limit is enforced here; Kestrel's own cap is raised above it so that, after the 413 is
        // written, Kestrel can drain the rest of a refused body and the client reads the 413 instead of
        // a connection reset in the middle of its upload. Bodies beyond the slack are cut off as before.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit * DrainSlack;
        }

        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new PooledBufferWriter((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(8 * 1024);
                var read = await request.Body.ReadAsync(memory, request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    return buffer;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    buffer.Dispose();
                    return null;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            buffer.Dispose();
            return null;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
