namespace Protocols.Translation;

/// <summary>
/// A request the target cannot carry, or an upstream answer that cannot be translated, in Anthropic
/// terms: the HTTP status and error type to return, and a message that names the field.
/// </summary>
public sealed class TranslationException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="status">The HTTP status to return (e.g. 400, 502).</param>
    /// <param name="errorType">The Anthropic error type (e.g. <c>invalid_request_error</c>, <c>api_error</c>).</param>
    /// <param name="message">What is wrong, naming the field path where there is one.</param>
    /// <param name="inner">The underlying error.</param>
    public TranslationException(int status, string errorType, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        ErrorType = errorType;
    }

    /// <summary>The HTTP status to return.</summary>
    public int Status { get; }

    /// <summary>The Anthropic error type.</summary>
    public string ErrorType { get; }

    /// <summary>A 400 <c>invalid_request_error</c>.</summary>
    /// <param name="message">What is wrong, naming the field.</param>
    /// <returns>The exception.</returns>
    public static TranslationException InvalidRequest(string message) => new(400, "invalid_request_error", message);

    /// <summary>A 502 <c>api_error</c>: the upstream answered something that cannot be translated.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    /// <param name="inner">The underlying error.</param>
    /// <returns>The exception.</returns>
    public static TranslationException BadUpstream(string message, Exception? inner = null) => new(502, "api_error", message, inner);
}
