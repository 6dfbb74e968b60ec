using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>502 <c>api_error</c>: the backend answered 200 without any usable output (the choices came back empty, the body or the stream was empty).</summary>
public sealed class EmptyResponseException : ApiErrorException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status, in Anthropic's numbering.</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public EmptyResponseException(int status, ErrorResponse error, string? upstreamBody = null, Exception? innerException = null)
        : base(status, error, upstreamBody, innerException)
    {
    }
}
