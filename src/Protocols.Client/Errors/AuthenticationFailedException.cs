using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>401 <c>authentication_error</c>: the API key is missing or wrong.</summary>
public sealed class AuthenticationFailedException : ApiErrorException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status, in Anthropic's numbering.</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public AuthenticationFailedException(int status, ErrorResponse error, string? upstreamBody = null, Exception? innerException = null)
        : base(status, error, upstreamBody, innerException)
    {
    }
}
