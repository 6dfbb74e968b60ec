using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>The backend answered with an error (or with something that cannot be used): an Anthropic error body and status.</summary>
public class ApiErrorException : AnthropicClientException
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status, in Anthropic's numbering.</param>
    /// <param name="error">The Anthropic error body.</param>
    /// <param name="upstreamBody">The upstream body with secrets removed.</param>
    /// <param name="innerException">The underlying error.</param>
    public ApiErrorException(int status, ErrorResponse error, string? upstreamBody = null, Exception? innerException = null)
        : base(ErrorBodies.Describe(status, error), ErrorBodies.TypeOf(error), status, error?.RequestId, upstreamBody, innerException)
    {
        Error = error!;
    }

    /// <summary>The HTTP status, in Anthropic's numbering.</summary>
    public int Status => StatusCode ?? 500;

    /// <summary>The Anthropic error body (<c>{type:"error", error:{type, message}, request_id}</c>).</summary>
    public ErrorResponse Error { get; }

    /// <summary>The error message from the body.</summary>
    public string ErrorMessage => ErrorBodies.MessageOf(Error);
}
