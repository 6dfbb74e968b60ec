using System.Text;
using Protocols.Anthropic;

namespace Protocols.Translation;

/// <summary>Error bodies and statuses between the two protocols (C73, C75).</summary>
public static partial class ErrorTranslator
{
    private const int MaxMessageLength = 1000;

    /// <summary>
    /// Translates an upstream error answer (C71, C73, C75): the status per the C73 table (503 → 529), an
    /// Anthropic error body with the upstream message stripped of keys and tokens; an HTML page or other
    /// non-JSON body becomes a 502 <c>api_error</c> with a short message.
    /// </summary>
    /// <param name="status">The upstream HTTP status.</param>
    /// <param name="body">The upstream body.</param>
    /// <param name="contentType">The upstream <c>Content-Type</c>, if any.</param>
    /// <param name="requestId">The request id for the body.</param>
    /// <returns>The status to return and the body.</returns>
    public static (int Status, Protocols.Anthropic.ErrorResponse Body) FromUpstream(int status, ReadOnlySpan<byte> body, string? contentType, string? requestId)
    {
        var trimmed = body.Trim(" \t\r\n"u8);
        if (trimmed.StartsWith("\uFEFF"u8))
        {
            trimmed = trimmed[3..];
        }

        if (trimmed.IsEmpty)
        {
            return (StatusFor(status), Create(ErrorTypeForStatus(status), $"upstream returned HTTP {status} with an empty body", requestId));
        }

        if (trimmed[0] is (byte)'{' or (byte)'[')
        {
            if (OpenAIErrorBody.TryRead(trimmed, out var error))
            {
                var context = new ErrorContext { UpstreamStatus = status, RequestId = requestId };
                var translated = ToAnthropic(error, context);
                return (context.Status, translated);
            }

            if (IsJson(trimmed))
            {
                return (StatusFor(status), Create(ErrorTypeForStatus(status), $"upstream returned HTTP {status}", requestId));
            }
        }

        // C75: never the page itself, never a parse error, only a short line. The status still says what happened — a
        // gateway's plain-text 429 or an HTML 401 is a rate limit or an authentication failure to the client's retry and
        // error handling (C71, C73), as an empty body already was — so it is kept and typed like a JSON error's.
        var message = IsHtml(trimmed, contentType)
            ? $"upstream returned an HTML error page (HTTP {status}{Title(trimmed)})"
            : $"upstream returned HTTP {status}: {Shorten(Redact(FirstLine(trimmed)), 200)}";
        return (StatusFor(status), Create(ErrorTypeForStatus(status), message, requestId));
    }

    /// <summary>Creates an Anthropic error body; an error type the spec does not list (e.g. <c>request_too_large</c>) is kept as is.</summary>
    /// <param name="errorType">The Anthropic error type.</param>
    /// <param name="message">The message.</param>
    /// <param name="requestId">The request id, or null.</param>
    /// <returns>The body <c>{type:"error", error:{type, message}, request_id}</c>.</returns>
    public static Protocols.Anthropic.ErrorResponse Create(string errorType, string message, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(errorType);
        message ??= string.Empty;
        IErrorResponseError error = errorType switch
        {
            "invalid_request_error" => new InvalidRequestError { Message = message },
            "authentication_error" => new AuthenticationError { Message = message },
            "billing_error" => new BillingError { Message = message },
            "permission_error" => new PermissionError { Message = message },
            "not_found_error" => new NotFoundError { Message = message },
            "rate_limit_error" => new RateLimitError { Message = message },
            "timeout_error" => new GatewayTimeoutError { Message = message },
            "api_error" => new APIError { Message = message },
            "overloaded_error" => new OverloadedError { Message = message },

            // CUSTOM: the spec has no request_too_large variant although the API returns it (413): the
            // union keeps unknown variants as raw JSON.
            _ => new UnknownErrorResponseError(JsonElements.Object(("type", errorType), ("message", message))),
        };
        return new Protocols.Anthropic.ErrorResponse { Error = error, RequestId = requestId };
    }

    /// <summary>The Anthropic error type for an HTTP status (C73).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The error type; other 4xx → <c>invalid_request_error</c>, anything else → <c>api_error</c>.</returns>
    public static string ErrorTypeForStatus(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        408 or 504 => "timeout_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        >= 400 and < 500 => "invalid_request_error",
        _ => "api_error",
    };

    /// <summary>The HTTP status Anthropic uses for an error type (the inverse of <see cref="ErrorTypeForStatus"/>).</summary>
    /// <param name="errorType">The error type.</param>
    /// <returns>The status; unknown types → 500.</returns>
    public static int StatusForErrorType(string errorType) => errorType switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    /// <summary>The HTTP status an Anthropic error body goes with: its type's (<see cref="StatusForErrorType"/>).</summary>
    /// <param name="body">The error body (e.g. an in-stream <c>error</c> event's).</param>
    /// <returns>The status; an unknown or missing type → 500.</returns>
    public static int StatusOf(Protocols.Anthropic.ErrorResponse body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StatusForErrorType(Describe(body.Error).Type);
    }

    /// <summary>The status returned for an upstream error status (C71, C73): kept, except 503 → 529; a non-error status → 502.</summary>
    /// <param name="upstreamStatus">The upstream status.</param>
    /// <returns>The status.</returns>
    internal static int StatusFor(int upstreamStatus) => upstreamStatus switch
    {
        503 => 529,
        >= 400 and < 600 => upstreamStatus,
        _ => 502,
    };

    private static bool IsJson(ReadOnlySpan<byte> body)
    {
        var reader = new System.Text.Json.Utf8JsonReader(body);
        try
        {
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static bool IsHtml(ReadOnlySpan<byte> body, string? contentType) =>
        (contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false) || (body.Length > 0 && body[0] == (byte)'<');

    private static string Title(ReadOnlySpan<byte> html)
    {
        var text = Encoding.UTF8.GetString(html[..Math.Min(html.Length, 4096)]);
        int open = text.IndexOf("<title", StringComparison.OrdinalIgnoreCase);
        if (open < 0)
        {
            return string.Empty;
        }

        int start = text.IndexOf('>', open);
        int end = start < 0 ? -1 : text.IndexOf("</title", start, StringComparison.OrdinalIgnoreCase);
        if (end < 0)
        {
            return string.Empty;
        }

        var title = System.Net.WebUtility.HtmlDecode(text[(start + 1)..end]).Trim();
        return title.Length == 0 ? string.Empty : ": " + Shorten(Redact(title), 100);
    }

    private static string FirstLine(ReadOnlySpan<byte> body)
    {
        var slice = body[..Math.Min(body.Length, 1024)];
        int newline = slice.IndexOfAny((byte)'\r', (byte)'\n');
        return Encoding.UTF8.GetString(newline >= 0 ? slice[..newline] : slice).Trim();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string LimitMessage(string text) => Shorten(text, MaxMessageLength);
}
