using System.Text.Json;
using Protocols.Core;

namespace Protocols.Proxy.Http;

/// <summary>Writes a generated model as the JSON response body, with its length.</summary>
internal static class JsonResponse
{
    /// <summary>Writes <paramref name="value"/> with <paramref name="status"/>.</summary>
    /// <param name="response">The response.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="value">The body.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(HttpResponse response, int status, IJsonWritable value)
    {
        using var buffer = new PooledBufferWriter(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
        {
            value.WriteTo(writer);
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
    }
}
