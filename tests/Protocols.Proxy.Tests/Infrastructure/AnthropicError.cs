using System.Net;
using System.Text.Json;
using Xunit;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>Checks the proxy's error responses: one place for what the Anthropic error shape is.</summary>
public static class AnthropicError
{
    /// <summary>Checks an error response in the Anthropic shape (this status, JSON, <c>"type":"error"</c>) and returns its <c>error</c> object.</summary>
    /// <param name="response">The response.</param>
    /// <param name="status">The status it must have.</param>
    /// <returns>The <c>error</c> object (<c>type</c>, <c>message</c>).</returns>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        return body.GetProperty("error");
    }

    /// <summary>Checks an error response in the Anthropic shape and returns its error type.</summary>
    /// <param name="response">The response.</param>
    /// <param name="status">The status it must have.</param>
    /// <returns>The error's <c>type</c>.</returns>
    public static async Task<string?> TypeAsync(HttpResponseMessage response, HttpStatusCode status) =>
        (await ReadAsync(response, status)).GetProperty("type").GetString();
}
