namespace Protocols.Client;

/// <summary>
/// <c>api_error</c> without an HTTP answer: DNS failure, connection refused or reset, TLS failure, or the
/// connection dropped while a stream was being read. Connection failures before a response are retried.
/// </summary>
public class TransportException : AnthropicClientException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying error.</param>
    public TransportException(string message, Exception? innerException = null)
        : base(message, "api_error", null, null, null, innerException)
    {
    }
}
