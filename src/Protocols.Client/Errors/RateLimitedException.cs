using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>429 <c>rate_limit_error</c>: too many requests or tokens; carries the delay the backend asked for.</summary>
public sealed class RateLimitedException : ApiErrorException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status (429).</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="rateLimits">The rate-limit headers of the last answer.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public RateLimitedException(int status, ErrorResponse error, RateLimitHeaders? rateLimits = null, string? upstreamBody = null, Exception? innerException = null)
        : base(status, error, upstreamBody, innerException)
    {
        RateLimits = rateLimits ?? RateLimitHeaders.Empty;
    }

    /// <summary>How long the backend asked to wait (<c>retry-after-ms</c> / <c>retry-after</c>), when it said.</summary>
    public TimeSpan? RetryAfter => RateLimits.RetryAfter;

    /// <summary>The rate-limit headers of the last answer.</summary>
    public RateLimitHeaders RateLimits { get; }
}
