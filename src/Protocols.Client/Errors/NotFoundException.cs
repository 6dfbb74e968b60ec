using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>404 <c>not_found_error</c>: unknown model or URL.</summary>
public sealed class NotFoundException : ApiErrorException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status, in Anthropic's numbering.</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public NotFoundException(int status, ErrorResponse error, string? upstreamBody = null, Exception? innerException = null)
        : base(status, error, upstreamBody, innerException)
    {
    }
}
