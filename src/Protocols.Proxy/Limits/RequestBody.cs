using Protocols.Proxy.Http;

namespace Protocols.Proxy.Limits;

/// <summary>
/// Reads a request body into pooled memory, within the body size limit. Kestrel enforces the same limit
/// (<c>MaxRequestBodySize</c>); a body over it is reported as <see cref="RequestTooLarge"/>, which the
/// handlers turn into an Anthropic 413 <c>request_too_large</c>.
/// </summary>
internal static class RequestBody
{
    /// <summary>The error message for a body over the limit.</summary>
    /// <param name="limit">The limit in bytes.</param>
    /// <returns>The message.</returns>
    public static string RequestTooLarge(long limit) => $"request body is larger than the proxy's limit of {limit} bytes (MAX_BODY_SIZE)";

    /// <summary>Reads the whole body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The largest body accepted.</param>
    /// <returns>The body, or null when it is over the limit.</returns>
    public static async Task<PooledBufferWriter?> ReadAsync(HttpRequest request, long limit)
    {
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
