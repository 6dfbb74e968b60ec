namespace Protocols.Translation;

// OpenAI error body → Anthropic error body (C73, C75).
public static partial class ErrorTranslator
{
    /// <summary>Maps an OpenAI error body to the Anthropic error shape; sets <see cref="ErrorContext.Status"/>.</summary>
    /// <param name="source">The OpenAI error body.</param>
    /// <param name="context">The upstream status (0 when none) and the request id; receives the status to return.</param>
    /// <returns>The Anthropic error body, its message stripped of keys and tokens.</returns>
    public static partial Protocols.Anthropic.ErrorResponse ToAnthropic(Protocols.OpenAI.ErrorResponse source, ErrorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var error = source?.Error;
        var message = LimitMessage(Redact(error?.Message ?? string.Empty));
        if (message.Length == 0)
        {
            message = context.UpstreamStatus > 0 ? $"upstream returned HTTP {context.UpstreamStatus}" : "upstream returned an error";
        }

        string type;
        int status;
        if (IsQuotaExhausted(error))
        {
            // CUSTOM: OpenAI reports an exhausted quota as 429 insufficient_quota; it is a billing problem,
            // and a rate_limit_error would make clients retry for nothing.
            type = "billing_error";
            status = 402;
        }
        else if (context.UpstreamStatus is >= 400 and < 600)
        {
            type = ErrorTypeForStatus(context.UpstreamStatus);
            status = StatusFor(context.UpstreamStatus);
        }
        else
        {
            // No (usable) status, e.g. an error event inside a stream: the error's own type decides.
            type = TypeFromOpenAI(error?.Type, error?.Code);
            status = StatusForErrorType(type);
        }

        context.Status = status;
        return Create(type, message, context.RequestId);
    }

    private static bool IsQuotaExhausted(Protocols.OpenAI.Error? error) =>
        error is not null && (error.Code == "insufficient_quota" || error.Type == "insufficient_quota");

    private static string TypeFromOpenAI(string? type, string? code)
    {
        var key = ((type ?? string.Empty) + " " + (code ?? string.Empty)).ToLowerInvariant();
        return key switch
        {
            _ when key.Contains("rate_limit", StringComparison.Ordinal) || key.Contains("rate limit", StringComparison.Ordinal) => "rate_limit_error",
            _ when key.Contains("quota", StringComparison.Ordinal) || key.Contains("billing", StringComparison.Ordinal) => "billing_error",
            _ when key.Contains("auth", StringComparison.Ordinal) || key.Contains("api_key", StringComparison.Ordinal) => "authentication_error",
            _ when key.Contains("permission", StringComparison.Ordinal) || key.Contains("forbidden", StringComparison.Ordinal) => "permission_error",
            _ when key.Contains("not_found", StringComparison.Ordinal) || key.Contains("notfound", StringComparison.Ordinal) => "not_found_error",
            _ when key.Contains("timeout", StringComparison.Ordinal) => "timeout_error",
            _ when key.Contains("overloaded", StringComparison.Ordinal) || key.Contains("unavailable", StringComparison.Ordinal) => "overloaded_error",
            _ when key.Contains("too_large", StringComparison.Ordinal) => "request_too_large",
            _ when key.Contains("invalid", StringComparison.Ordinal) || key.Contains("context_length", StringComparison.Ordinal) || key.Contains("bad_request", StringComparison.Ordinal) => "invalid_request_error",
            _ => "api_error",
        };
    }
}
