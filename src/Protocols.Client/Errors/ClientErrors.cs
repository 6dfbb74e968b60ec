using Protocols.Anthropic;
using Protocols.Translation;

namespace Protocols.Client;

/// <summary>Maps Anthropic error bodies (translated from upstream answers, or stream <c>error</c> events) to the exception types.</summary>
internal static class ClientErrors
{
    /// <summary>An upstream HTTP error answer.</summary>
    public static AnthropicClientException FromUpstream(int upstreamStatus, ReadOnlySpan<byte> body, string? contentType, string? requestId, RateLimitHeaders rateLimits, SecretScrubber scrubber)
    {
        var (status, error) = ErrorTranslator.FromUpstream(upstreamStatus, body, contentType, requestId);
        return FromAnthropic(status, error, scrubber.ScrubBody(body), rateLimits, scrubber);
    }

    /// <summary>A stream <c>error</c> event (no HTTP status: the type decides).</summary>
    public static AnthropicClientException FromStreamError(ErrorResponse error, string? requestId, SecretScrubber scrubber)
    {
        var type = ErrorBodies.TypeOf(error);
        if (error.RequestId is null && requestId is not null)
        {
            error = ErrorTranslator.Create(type, ErrorBodies.MessageOf(error), requestId);
        }

        return FromAnthropic(ErrorTranslator.StatusForErrorType(type), error, null, null, scrubber);
    }

    /// <summary>A translated error body: the exception type follows the Anthropic error type.</summary>
    public static AnthropicClientException FromAnthropic(int status, ErrorResponse error, string? upstreamBody, RateLimitHeaders? rateLimits, SecretScrubber scrubber)
    {
        var type = ErrorBodies.TypeOf(error);

        // The translation already removes key-shaped text; the configured key itself may have any shape.
        error = ErrorTranslator.Create(type, scrubber.Scrub(ErrorBodies.MessageOf(error)), error.RequestId);
        return type switch
        {
            "authentication_error" => new AuthenticationFailedException(status, error, upstreamBody),
            "permission_error" => new PermissionDeniedException(status, error, upstreamBody),
            "not_found_error" => new NotFoundException(status, error, upstreamBody),
            "rate_limit_error" => new RateLimitedException(status, error, rateLimits, upstreamBody),
            "overloaded_error" => new OverloadedException(status, error, upstreamBody) { RetryAfter = rateLimits?.RetryAfter },
            "timeout_error" => new UpstreamTimeoutException(ErrorBodies.Describe(status, error), status, error.RequestId, upstreamBody),
            "invalid_request_error" or "request_too_large" or "billing_error" => new BadRequestException(status, error, upstreamBody),
            _ when status is >= 400 and < 500 => new BadRequestException(status, error, upstreamBody),
            _ => new ApiErrorException(status, error, upstreamBody),
        };
    }

    /// <summary>The answer was 200 but held nothing usable.</summary>
    public static EmptyResponseException Empty(string message, string? requestId, string? upstreamBody, Exception? inner = null) =>
        new(502, ErrorTranslator.Create("api_error", message, requestId), upstreamBody, inner);

    /// <summary>A translation failure (request side: 400; response side: 502).</summary>
    public static AnthropicClientException FromTranslation(TranslationException e, string? requestId, string? upstreamBody, SecretScrubber scrubber)
    {
        var error = ErrorTranslator.Create(e.ErrorType, scrubber.Scrub(e.Message), requestId);
        var result = FromAnthropic(e.Status, error, upstreamBody, null, scrubber);
        return result;
    }
}
