namespace Protocols.Client;

/// <summary>
/// <c>timeout_error</c>: the connect or read timeout passed (no status), or the backend answered 408/504.
/// Retried automatically unless a stream had started.
/// </summary>
public sealed class UpstreamTimeoutException : AnthropicClientException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="statusCode">408 or 504 when the backend said so; null for a local timeout.</param>
    /// <param name="requestId">The request id, when known.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public UpstreamTimeoutException(string message, int? statusCode = null, string? requestId = null, string? upstreamBody = null, Exception? innerException = null)
        : base(message, "timeout_error", statusCode, requestId, upstreamBody, innerException)
    {
    }
}
