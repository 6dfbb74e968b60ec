using Protocols.Core;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Upstream;
using Protocols.Translation;

namespace Protocols.Proxy.Errors;

/// <summary>
/// What the client gets when the upstream fails before a response body is relayed: a send with no
/// response (502 unreachable, 504 first-byte timeout), or an error status whose body is translated
/// into the Anthropic shape with its status kept (C71, C73, C75).
/// </summary>
internal static class UpstreamErrors
{
    private const int MaxErrorBodyBytes = 1024 * 1024;

    /// <summary>Writes the error for a send that produced no response.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="record">The request's record.</param>
    /// <param name="sent">The failed send.</param>
    /// <returns>A task.</returns>
    public static Task WriteFailureAsync(HttpContext context, RequestRecord record, UpstreamSendResult sent)
    {
        switch (sent.Failure)
        {
            case UpstreamFailure.ClientGone:
                record.Outcome = "client_closed";
                return Task.CompletedTask;
            case UpstreamFailure.Timeout:
                record.Outcome = "upstream_timeout";
                return AnthropicErrors.WriteAsync(context, 504, "timeout_error", sent.Message ?? "upstream timed out");
            default:
                record.Outcome = "upstream_unreachable";
                return AnthropicErrors.WriteAsync(context, 502, "api_error", sent.Message ?? "upstream unreachable");
        }
    }

    /// <summary>Reads an upstream error body (bounded) and writes it translated.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="record">The request's record.</param>
    /// <param name="response">The upstream response.</param>
    /// <param name="call">The exchange's cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task WriteUpstreamErrorAsync(HttpContext context, RequestRecord record, HttpResponseMessage response, UpstreamCall call)
    {
        using var errorBody = new PooledBufferWriter(4096);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(call.Token);
            await UpstreamBody.ReadIntoAsync(stream, errorBody, call, MaxErrorBodyBytes);
        }
        catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !call.ClientGone))
        {
            // The status says enough; the body is best effort.
        }

        var (status, error) = ErrorTranslator.FromUpstream(
            (int)response.StatusCode, errorBody.WrittenSpan, response.Content.Headers.ContentType?.ToString(), record.RequestId);
        record.Outcome = "upstream_" + (int)response.StatusCode;
        await AnthropicErrors.WriteAsync(context, status, error);
    }
}
