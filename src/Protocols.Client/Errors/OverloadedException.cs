using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>529 <c>overloaded_error</c> (an upstream 503): the backend is overloaded; retried automatically.</summary>
public sealed class OverloadedException : ApiErrorException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status, in Anthropic's numbering.</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public OverloadedException(int status, ErrorResponse error, string? upstreamBody = null, Exception? innerException = null)
        : base(status, error, upstreamBody, innerException)
    {
    }

    /// <summary>
    /// How long the backend asked to wait (<c>retry-after-ms</c> / <c>retry-after</c> on a 503/529), when it said: a delay
    /// longer than <see cref="RetryOptions.MaxRetryAfter"/> is not waited for but handed to the caller here.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }
}
