namespace Protocols.Client;

/// <summary>
/// The base of every error this client throws: the Anthropic error type, the HTTP status when there is one, the
/// request id and the upstream body for debugging (keys and tokens removed). Messages never contain the API key.
/// </summary>
public class AnthropicClientException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="errorType">The Anthropic error type (<c>api_error</c>, <c>rate_limit_error</c>, …).</param>
    /// <param name="statusCode">The HTTP status, or null when there was no HTTP answer.</param>
    /// <param name="requestId">The request id, when known.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed, when there was one.</param>
    /// <param name="innerException">The underlying error.</param>
    public AnthropicClientException(string message, string errorType, int? statusCode = null, string? requestId = null, string? upstreamBody = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorType = errorType;
        StatusCode = statusCode;
        RequestId = requestId;
        UpstreamBody = upstreamBody;
    }

    /// <summary>The Anthropic error type.</summary>
    public string ErrorType { get; }

    /// <summary>The HTTP status (Anthropic's numbering: an upstream 503 is 529), or null without an HTTP answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The upstream request id (<c>x-request-id</c> and similar), when the backend sent one.</summary>
    public string? RequestId { get; }

    /// <summary>The upstream body (at most 64 KiB) with keys, tokens and the configured API key removed.</summary>
    public string? UpstreamBody { get; }

    /// <summary>How many HTTP attempts were made before this error (1 without retries; 0 when nothing was sent).</summary>
    public int Attempts { get; internal set; }
}
