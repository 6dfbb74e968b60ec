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
}
