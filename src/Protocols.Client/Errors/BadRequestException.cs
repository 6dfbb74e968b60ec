using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>400, 413, 422 and other 4xx (<c>invalid_request_error</c>, <c>request_too_large</c>, <c>billing_error</c>): the request was refused; retrying will not help.</summary>
public sealed class BadRequestException : ApiErrorException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status, in Anthropic's numbering.</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public BadRequestException(int status, ErrorResponse error, string? upstreamBody = null, Exception? innerException = null)
        : base(status, error, upstreamBody, innerException)
    {
    }
}
