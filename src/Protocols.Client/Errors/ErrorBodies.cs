using System.Text.Json;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>Reads the type and message of an Anthropic error body.</summary>
internal static class ErrorBodies
{
    public static string TypeOf(ErrorResponse? body) => body?.Error switch
    {
        InvalidRequestError => "invalid_request_error",
        AuthenticationError => "authentication_error",
        BillingError => "billing_error",
        PermissionError => "permission_error",
        NotFoundError => "not_found_error",
        RateLimitError => "rate_limit_error",
        GatewayTimeoutError => "timeout_error",
        APIError => "api_error",
        OverloadedError => "overloaded_error",
        UnknownErrorResponseError e => e.Tag ?? "api_error",
        _ => "api_error",
    };

    public static string MessageOf(ErrorResponse? body) => body?.Error switch
    {
        InvalidRequestError e => e.Message,
        AuthenticationError e => e.Message,
        BillingError e => e.Message,
        PermissionError e => e.Message,
        NotFoundError e => e.Message,
        RateLimitError e => e.Message,
        GatewayTimeoutError e => e.Message,
        APIError e => e.Message,
        OverloadedError e => e.Message,
        UnknownErrorResponseError e when e.Json.ValueKind == JsonValueKind.Object
            && e.Json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
        _ => null,
    } ?? string.Empty;

    public static string Describe(int status, ErrorResponse? body)
    {
        var message = MessageOf(body);
        var text = $"{status} {TypeOf(body)}";
        if (message.Length > 0)
        {
            text += ": " + message;
        }

        return body?.RequestId is { Length: > 0 } id ? $"{text} (request {id})" : text;
    }
}
