using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>403 <c>permission_error</c>: the key may not use this model or resource.</summary>
public sealed class PermissionDeniedException : ApiErrorException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status, in Anthropic's numbering.</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public PermissionDeniedException(int status, ErrorResponse error, string? upstreamBody = null, Exception? innerException = null)
        : base(status, error, upstreamBody, innerException)
    {
    }
}
