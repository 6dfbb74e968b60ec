using System.Text.Json;
using Protocols.Anthropic;

namespace Protocols.Translation;

// Anthropic error body → OpenAI error body (for OpenAI-shaped clients of an Anthropic-shaped answer).
public static partial class ErrorTranslator
{
    /// <summary>Maps an Anthropic error body to the OpenAI error shape; sets <see cref="ErrorContext.Status"/>.</summary>
    /// <param name="source">The Anthropic error body.</param>
    /// <param name="context">Receives the HTTP status an OpenAI client expects.</param>
    /// <returns>The OpenAI error body.</returns>
    public static partial Protocols.OpenAI.ErrorResponse ToOpenAI(Protocols.Anthropic.ErrorResponse source, ErrorContext context)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var (anthropicType, message) = Describe(source.Error);
        var openAIType = source.Error is null ? "server_error" : DispatchAnthropicError(source.Error, context);

        // OpenAI clients know 503 for an overloaded server, not Anthropic's 529.
        context.Status = anthropicType == "overloaded_error" ? 503 : StatusForErrorType(anthropicType);
        return new Protocols.OpenAI.ErrorResponse
        {
            Error = new Protocols.OpenAI.Error
            {
                Message = message,
                Type = openAIType,
                Code = anthropicType,
                Param = null,
            },
        };
    }

    private static partial string HandleAnthropicError(InvalidRequestError value, ErrorContext context) => "invalid_request_error";

    private static partial string HandleAnthropicError(AuthenticationError value, ErrorContext context) => "authentication_error";

    private static partial string HandleAnthropicError(BillingError value, ErrorContext context) => "insufficient_quota";

    private static partial string HandleAnthropicError(PermissionError value, ErrorContext context) => "permission_error";

    private static partial string HandleAnthropicError(NotFoundError value, ErrorContext context) => "not_found_error";

    private static partial string HandleAnthropicError(RateLimitError value, ErrorContext context) => "rate_limit_error";

    private static partial string HandleAnthropicError(GatewayTimeoutError value, ErrorContext context) => "timeout_error";

    private static partial string HandleAnthropicError(APIError value, ErrorContext context) => "server_error";

    private static partial string HandleAnthropicError(OverloadedError value, ErrorContext context) => "server_error";

    private static partial string HandleAnthropicError(UnknownErrorResponseError value, ErrorContext context) =>
        value.Tag == "request_too_large" ? "invalid_request_error" : "server_error";

    /// <summary>
    /// The Anthropic type and message of an error variant: each variant's own <c>type</c> (through the generated
    /// exhaustive <see cref="IErrorResponseError.Match"/>, so a new error type in the spec stops this compiling until it
    /// is handled), an unknown one's <c>type</c> and <c>message</c> as sent; <c>api_error</c> and no message for none.
    /// </summary>
    /// <param name="error">The variant, or null.</param>
    /// <returns>The type and message.</returns>
    public static (string Type, string Message) Describe(IErrorResponseError? error) => error is null
        ? ("api_error", string.Empty)
        : IErrorResponseError.Match(
            error,
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Type, e.Message ?? string.Empty),
            static e => (e.Tag ?? "api_error", e.Json.ValueKind == JsonValueKind.Object && e.Json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty));
}
